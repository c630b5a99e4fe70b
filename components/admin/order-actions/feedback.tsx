'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';

interface Feedback {
  message: string;
  ok: boolean;
}

const FeedbackContext = createContext<(feedback: Feedback) => void>(() => {});

/** Where a finished action reports its outcome once its dialog has closed. */
export function useReportOutcome(): (feedback: Feedback) => void {
  return useContext(FeedbackContext);
}

/** Holds the latest outcome and reads it out (a polite live region). */
export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  return (
    <FeedbackContext.Provider value={setFeedback}>
      {/* Always rendered (never display:none), so the outcome is announced when it appears. */}
      <div role="status" aria-live="polite">
        {feedback ? (
          <p
            data-testid="action-outcome"
            className={`rounded-lg border px-3 py-2 text-sm font-medium ${
              feedback.ok
                ? 'border-emerald-200 bg-emerald-50 text-emerald-900'
                : 'border-red-200 bg-red-50 text-red-800'
            }`}
          >
            {feedback.message}
          </p>
        ) : null}
      </div>
      {children}
    </FeedbackContext.Provider>
  );
}

import type { CheckoutField } from '@/lib/validations/checkout';

export interface AddressDefaults {
  email?: string;
  phone?: string;
  givenName?: string;
  familyName?: string;
  streetAddress?: string;
  streetAddress2?: string;
  postalCode?: string;
  city?: string;
  region?: string;
}

interface AddressFieldsProps {
  defaults: AddressDefaults;
  errors: Partial<Record<CheckoutField, string>>;
  /** States to choose from (US, AU); null hides the field. */
  regions: readonly string[] | null;
  postalCodeExample: string;
  disabled: boolean;
}

const inputClass =
  'block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 shadow-sm outline-none focus:border-brand-700 focus:ring-2 focus:ring-brand-700 aria-invalid:border-red-600 disabled:bg-stone-100';

function Field(props: {
  name: CheckoutField;
  label: string;
  error: string | undefined;
  hint?: string;
  children: (describedBy: string | undefined) => React.ReactNode;
}) {
  const describedBy =
    [props.hint && `${props.name}-hint`, props.error && `${props.name}-error`].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={props.name} className="block text-sm font-medium text-stone-800">
        {props.label}
      </label>
      {props.children(describedBy)}
      {props.hint && !props.error ? (
        <p id={`${props.name}-hint`} className="text-sm text-stone-600">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.name}-error`} className="text-sm font-medium text-red-700">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** Contact and delivery fields; the same address is sent to Klarna as billing and shipping address. */
export function AddressFields({
  defaults,
  errors,
  regions,
  postalCodeExample,
  disabled,
}: AddressFieldsProps) {
  const input = (
    name: CheckoutField,
    label: string,
    attrs: React.InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <Field name={name} label={label} error={errors[name]}>
      {(describedBy) => (
        <input
          id={name}
          name={name}
          defaultValue={defaults[name]}
          aria-invalid={errors[name] ? true : undefined}
          aria-describedby={describedBy}
          disabled={disabled}
          className={inputClass}
          {...attrs}
        />
      )}
    </Field>
  );
  return (
    <fieldset className="space-y-4" disabled={disabled}>
      <legend>
        {/* The step's heading: focus lands here when the shopper comes back to edit their details. */}
        <h2 id="details-title" tabIndex={-1} className="text-lg font-semibold text-stone-900">
          Contact and delivery
        </h2>
      </legend>
      {input('email', 'Email', { type: 'email', autoComplete: 'email', required: true })}
      {input('phone', 'Phone (optional)', { type: 'tel', autoComplete: 'tel' })}
      <div className="grid gap-4 sm:grid-cols-2">
        {input('givenName', 'First name', { autoComplete: 'given-name', required: true })}
        {input('familyName', 'Last name', { autoComplete: 'family-name', required: true })}
      </div>
      {input('streetAddress', 'Street address', { autoComplete: 'address-line1', required: true })}
      {input('streetAddress2', 'Apartment, suite, etc. (optional)', { autoComplete: 'address-line2' })}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="postalCode"
          label="Postal code"
          error={errors.postalCode}
          hint={`For example ${postalCodeExample}`}
        >
          {(describedBy) => (
            <input
              id="postalCode"
              name="postalCode"
              defaultValue={defaults.postalCode}
              autoComplete="postal-code"
              required
              aria-invalid={errors.postalCode ? true : undefined}
              aria-describedby={describedBy}
              className={inputClass}
            />
          )}
        </Field>
        {input('city', 'City', { autoComplete: 'address-level2', required: true })}
      </div>
      {regions ? (
        <Field name="region" label="State" error={errors.region}>
          {(describedBy) => (
            <select
              id="region"
              name="region"
              defaultValue={defaults.region ?? ''}
              autoComplete="address-level1"
              required
              aria-invalid={errors.region ? true : undefined}
              aria-describedby={describedBy}
              className={inputClass}
            >
              <option value="" disabled>
                Choose…
              </option>
              {regions.map((region) => (
                <option key={region} value={region}>
                  {region}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
    </fieldset>
  );
}

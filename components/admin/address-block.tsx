/** A postal address as Klarna holds it (snake_case keys), one line per part. */
export function AddressBlock({ address }: { address: Record<string, string> }) {
  const name = [address.title, address.given_name, address.family_name].filter(Boolean).join(' ');
  const lines = [
    address.organization_name,
    name,
    address.attention,
    address.street_address,
    address.street_address2,
    [address.postal_code, address.city].filter(Boolean).join(' '),
    [address.region, address.country].filter(Boolean).join(', '),
  ].filter((line): line is string => Boolean(line));
  if (lines.length === 0) return <p className="text-sm text-stone-500">None given.</p>;
  return (
    <address className="text-sm not-italic leading-6 text-stone-800">
      {lines.map((line, index) => (
        <span key={index} className="block">
          {line}
        </span>
      ))}
      {address.phone ? <span className="block text-stone-600">{address.phone}</span> : null}
    </address>
  );
}

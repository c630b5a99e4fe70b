import { describe, expect, test } from 'vitest';
import { checkoutFormSchema, formFieldForKlarnaField, toKlarnaAddress } from './checkout';

const valid = {
  email: 'customer@email.se',
  givenName: 'Alice',
  familyName: 'Test',
  streetAddress: 'Södra Blasieholmshamnen 2',
  postalCode: '111 48',
  city: 'Stockholm',
};

describe('checkoutFormSchema', () => {
  test.each([
    ['SE', '111 48', true],
    ['SE', '11148', true],
    ['SE', '1114', false],
    ['DE', '10178', true],
    ['DE', '1017', false],
    ['GB', 'w1s 3be', true],
    ['GB', '12345', false],
    ['US', '10024-3941', true],
    ['US', '1002', false],
    ['AU', '4877', true],
    ['AU', '48770', false],
  ] as const)('%s postal code %s is accepted: %s', (country, postalCode, accepted) => {
    const region = country === 'US' ? 'NY' : country === 'AU' ? 'QLD' : undefined;
    const result = checkoutFormSchema(country).safeParse({ ...valid, postalCode, region });
    expect(result.success).toBe(accepted);
  });

  test.each([
    ['US', undefined, false],
    ['US', 'ZZ', false],
    ['US', 'ny', true],
    ['AU', 'NY', false],
    ['AU', 'NSW', true],
  ] as const)('%s state %s is accepted: %s', (country, region, accepted) => {
    const postalCode = country === 'US' ? '10024' : '2000';
    expect(checkoutFormSchema(country).safeParse({ ...valid, postalCode, region }).success).toBe(accepted);
  });

  test('requires an email, keeps the phone optional and refuses names made of digits', () => {
    const schema = checkoutFormSchema('SE');
    expect(schema.safeParse({ ...valid, email: '' }).success).toBe(false);
    expect(schema.safeParse({ ...valid, phone: '' }).success).toBe(true);
    expect(schema.safeParse({ ...valid, phone: 'call me' }).success).toBe(false);
    expect(schema.safeParse({ ...valid, givenName: '1234' }).success).toBe(false);
  });

  test('lower-cases the email so staff can find the order however it was typed', () => {
    const form = checkoutFormSchema('SE').parse({ ...valid, email: ' Customer@Email.SE ' });
    expect(form.email).toBe('customer@email.se');
  });

  test('turns the form into the Klarna address used for billing and shipping', () => {
    const form = checkoutFormSchema('GB').parse({ ...valid, postalCode: 'w1s 3be', city: 'London' });
    expect(toKlarnaAddress(form, 'GB')).toEqual({
      given_name: 'Alice',
      family_name: 'Test',
      email: 'customer@email.se',
      street_address: 'Södra Blasieholmshamnen 2',
      postal_code: 'W1S 3BE',
      city: 'London',
      country: 'GB',
    });
  });

  test("maps Klarna's invalid_fields to form fields", () => {
    expect(formFieldForKlarnaField('billing_address.postal_code')).toBe('postalCode');
    expect(formFieldForKlarnaField('shipping_address.given_name')).toBe('givenName');
    expect(formFieldForKlarnaField('customer.date_of_birth')).toBeNull();
  });
});

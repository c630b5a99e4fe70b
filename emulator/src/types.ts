/** Klarna Payments API shapes as the emulator stores them (snake_case, as on the wire). */

export type Region = 'eu' | 'na' | 'oc';
export const REGIONS: readonly Region[] = ['eu', 'na', 'oc'];

export type Intent = 'buy' | 'tokenize' | 'buy_and_tokenize' | 'buy_and_default_tokenize';

export type OrderLineType =
  | 'physical'
  | 'discount'
  | 'shipping_fee'
  | 'sales_tax'
  | 'digital'
  | 'gift_card'
  | 'store_credit'
  | 'surcharge';

export interface ProductIdentifiers {
  brand?: string;
  category_path?: string;
  global_trade_item_number?: string;
  manufacturer_part_number?: string;
  color?: string;
  size?: string;
}

export interface Subscription {
  name: string;
  interval: 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
  interval_count: number;
}

export interface OrderLine {
  type?: OrderLineType;
  reference?: string;
  name: string;
  quantity: number;
  quantity_unit?: string;
  unit_price: number;
  tax_rate?: number;
  total_amount: number;
  total_discount_amount?: number;
  total_tax_amount?: number;
  merchant_data?: string;
  product_url?: string;
  image_url?: string;
  product_identifiers?: ProductIdentifiers;
  subscription?: Subscription;
}

export interface Address {
  attention?: string;
  city?: string;
  country?: string;
  email?: string;
  family_name?: string;
  given_name?: string;
  organization_name?: string;
  phone?: string;
  postal_code?: string;
  region?: string;
  street_address?: string;
  street_address2?: string;
  title?: string;
}

export interface Customer {
  customer_token?: string;
  date_of_birth?: string;
  gender?: string;
  last_four_ssn?: string;
  national_identification_number?: string;
  organization_entity_type?: string;
  organization_registration_id?: string;
  title?: string;
  type?: string;
  vat_id?: string;
}

export interface MerchantUrls {
  confirmation?: string;
  notification?: string;
  push?: string;
  authorization?: string;
  app_return_url?: string;
}

export interface Options {
  color_border?: string;
  color_border_selected?: string;
  color_details?: string;
  color_text?: string;
  radius_border?: string;
}

export interface Attachment {
  body: string;
  content_type: string;
}

/** Everything a merchant can set on a session (create, update, or SDK `load`/`authorize` data). */
export interface SessionData {
  acquiring_channel?: 'ECOMMERCE' | 'IN_STORE' | 'TELESALES';
  intent?: Intent;
  locale?: string;
  purchase_country?: string;
  purchase_currency?: string;
  order_amount?: number;
  order_tax_amount?: number;
  order_lines?: OrderLine[];
  merchant_urls?: MerchantUrls;
  merchant_reference1?: string;
  merchant_reference2?: string;
  merchant_data?: string;
  billing_address?: Address;
  shipping_address?: Address;
  customer?: Customer;
  attachment?: Attachment;
  options?: Options;
  custom_payment_method_ids?: string[];
  design?: string;
  step_up_id?: string;
}

/** A session after create-session validation: the four required fields are present. */
export interface CompleteSessionData extends SessionData {
  intent: Intent;
  locale: string;
  purchase_country: string;
  purchase_currency: string;
  order_amount: number;
  order_lines: OrderLine[];
}

export interface CreateOrderRequest {
  order_amount: number;
  order_lines: OrderLine[];
  purchase_country: string;
  purchase_currency: string;
  order_tax_amount?: number;
  auto_capture?: boolean;
  billing_address?: Address;
  shipping_address?: Address;
  customer?: Customer;
  custom_payment_method_ids?: string[];
  locale?: string;
  merchant_data?: string;
  merchant_reference1?: string;
  merchant_reference2?: string;
  merchant_urls?: MerchantUrls;
}

export interface CustomerTokenCreationRequest {
  description: string;
  intended_use: string;
  locale: string;
  purchase_country: string;
  purchase_currency: string;
  billing_address?: Address;
  customer?: Customer;
  merchant_urls?: MerchantUrls;
}

export interface PaymentMethodCategory {
  identifier: string;
  name: string;
  asset_urls: { descriptive: string; standard: string };
}

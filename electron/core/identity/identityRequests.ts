/**
 * What the identity commands ask for, as the core takes it. The IPC contract's schemas produce
 * exactly these shapes (contract.ts checks it at compile time), so a rename on either side is a
 * compile error.
 */
export type AddressMedium = 'email' | 'msisdn';

export interface IdentityCheckRequest {
  server: string;
}

export interface IdentityChangeRequest {
  url: string;
  acceptedPolicyUrls: string[];
  acceptNoTerms: boolean;
}

export interface IdentityAcceptTermsRequest {
  acceptedPolicyUrls: string[];
  acceptNoTerms: boolean;
}

export interface LookupContactRequest {
  medium: AddressMedium;
  address: string;
}

export interface BulkLookupRequest {
  lookupId: string;
  entries: { address: string; medium: AddressMedium | null }[];
  defaultCountry: string | null;
}

export interface BulkLookupCancelRequest {
  lookupId: string;
}

export interface BulkLookupConsentNoneRequest {
  server: string;
  allow: boolean;
}

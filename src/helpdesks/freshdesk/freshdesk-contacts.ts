import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { FreshdeskApi } from './freshdesk-api';

export interface FreshdeskContact {
  id: number;
  name: string;
  phone?: string | null;
  mobile?: string | null;
  email?: string | null;
}

/**
 * Freshdesk keeps numbers as they were typed and its contact filters match exactly, so a
 * number is looked for in the forms people write, most likely first: "+254712345678",
 * "254712345678", "0712345678", then the spaced forms.
 */
export function writtenForms(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const national = parsed.formatNational();
  return [...new Set([parsed.number, parsed.number.slice(1), national.replace(/[^\d]/g, ''), parsed.formatInternational(), national])];
}

/** Contacts by phone number, in Freshdesk. */
export class FreshdeskContacts {
  constructor(private readonly api: FreshdeskApi) {}

  /** The contact whose phone or mobile is the number; each form's phone and mobile are asked together. */
  async byNumber(e164: string): Promise<FreshdeskContact | null> {
    for (const form of writtenForms(e164)) {
      const query = encodeURIComponent(form);
      const [phone, mobile] = await Promise.all([
        this.api.get<FreshdeskContact[]>(`/contacts?phone=${query}`),
        this.api.get<FreshdeskContact[]>(`/contacts?mobile=${query}`),
      ]);
      const found = phone.data[0] ?? mobile.data[0];
      if (found) return found;
    }
    return null;
  }

  /** The caller's contact, created ("Caller +254…") when Freshdesk does not know the number. */
  async forCaller(e164: string): Promise<FreshdeskContact> {
    return (await this.byNumber(e164)) ?? this.api.post<FreshdeskContact>('/contacts', { name: `Caller ${e164}`, phone: e164 });
  }
}

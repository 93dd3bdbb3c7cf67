// Finds the conversation token in a plus address (`support+TOKEN@domain`) of the channel's own address.
import type { ParsedMail, AddressObject } from 'mailparser';

const ADDRESS_HEADERS = ['to', 'cc', 'delivered-to', 'x-original-to', 'envelope-to'];

function addressesOf(value: unknown): string[] {
  if (!value) return [];
  if (Array.isArray(value)) return value.flatMap(addressesOf);
  if (typeof value === 'string') return value.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? [];
  const object = value as Partial<AddressObject>;
  if (Array.isArray(object.value)) {
    return object.value.flatMap((entry) => [entry.address ?? '', ...addressesOf(entry.group ?? [])]).filter(Boolean);
  }
  return [];
}

export function findConversationToken(parsed: Pick<ParsedMail, 'headers'>, fromAddress: string): string | undefined {
  const at = fromAddress.lastIndexOf('@');
  const local = fromAddress.slice(0, at).toLowerCase();
  const domain = fromAddress.slice(at + 1).toLowerCase();
  for (const header of ADDRESS_HEADERS) {
    for (const address of addressesOf(parsed.headers.get(header))) {
      const [addressLocal, addressDomain] = [address.slice(0, address.lastIndexOf('@')), address.slice(address.lastIndexOf('@') + 1)];
      if (addressDomain.toLowerCase() !== domain) continue;
      const plus = addressLocal.indexOf('+');
      if (plus < 0 || addressLocal.slice(0, plus).toLowerCase() !== local) continue;
      const token = addressLocal.slice(plus + 1);
      if (token) return token;
    }
  }
  return undefined;
}

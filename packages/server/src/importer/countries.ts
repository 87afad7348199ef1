/**
 * Country names as the online-retail export spells them, to ISO 3166 codes
 * (a profile's region). Names not listed (e.g. "Unspecified") give no region.
 */
const codes: Record<string, string> = {
  'united kingdom': 'GB', 'channel islands': 'GB', eire: 'IE', ireland: 'IE', germany: 'DE', france: 'FR', spain: 'ES',
  netherlands: 'NL', belgium: 'BE', switzerland: 'CH', australia: 'AU', portugal: 'PT', norway: 'NO', finland: 'FI',
  italy: 'IT', cyprus: 'CY', japan: 'JP', sweden: 'SE', austria: 'AT', 'hong kong': 'HK', poland: 'PL', israel: 'IL',
  denmark: 'DK', singapore: 'SG', canada: 'CA', iceland: 'IS', greece: 'GR', malta: 'MT', lebanon: 'LB', lithuania: 'LT',
  brazil: 'BR', 'united arab emirates': 'AE', usa: 'US', 'united states': 'US', bahrain: 'BH', 'czech republic': 'CZ',
  'saudi arabia': 'SA', rsa: 'ZA', 'south africa': 'ZA', latvia: 'LV', estonia: 'EE', luxembourg: 'LU', slovenia: 'SI',
};

/** @example countryCode('EIRE') // => 'IE' */
export function countryCode(name: string): string | undefined {
  const n = name.trim();
  if (/^[A-Z]{2}$/.test(n)) return n;
  return codes[n.toLowerCase()];
}

/**
 * Approximate centres of postal-code areas, matched by the longest prefix
 * within a country: enough to route a claim to the nearest service point when
 * the shopper's address has no coordinates. Ships with the demo's countries;
 * a shop elsewhere adds its own rows here (or sends coordinates).
 * [country, normalized postal prefix, lat, lon, place]
 */
const centroids: [string, string, number, number, string][] = [
  ['DE', '10115', 52.532, 13.384, 'Berlin-Mitte'],
  ['DE', '1', 52.52, 13.405, 'Berlin'],
  ['DE', '01', 51.05, 13.738, 'Dresden'],
  ['DE', '04', 51.34, 12.375, 'Leipzig'],
  ['DE', '2', 53.551, 9.994, 'Hamburg'],
  ['DE', '20095', 53.551, 10.0, 'Hamburg-Altstadt'],
  ['DE', '28', 53.079, 8.802, 'Bremen'],
  ['DE', '30', 52.375, 9.732, 'Hannover'],
  ['DE', '40', 51.228, 6.774, 'Düsseldorf'],
  ['DE', '5', 50.938, 6.96, 'Cologne'],
  ['DE', '50667', 50.938, 6.96, 'Cologne-Altstadt'],
  ['DE', '60', 50.11, 8.682, 'Frankfurt am Main'],
  ['DE', '70', 48.776, 9.183, 'Stuttgart'],
  ['DE', '8', 48.137, 11.575, 'Munich'],
  ['DE', '80331', 48.137, 11.575, 'Munich-Altstadt'],
  ['DE', '90', 49.452, 11.077, 'Nuremberg'],
  ['FR', '75', 48.857, 2.352, 'Paris'],
  ['FR', '75001', 48.86, 2.341, 'Paris 1er'],
  ['FR', '69', 45.764, 4.836, 'Lyon'],
  ['FR', '69001', 45.767, 4.834, 'Lyon 1er'],
  ['FR', '13', 43.297, 5.37, 'Marseille'],
  ['FR', '31', 43.605, 1.444, 'Toulouse'],
  ['FR', '33', 44.838, -0.579, 'Bordeaux'],
  ['FR', '59', 50.629, 3.057, 'Lille'],
  ['FR', '67', 48.573, 7.752, 'Strasbourg'],
  ['FR', '06', 43.703, 7.266, 'Nice'],
  ['NL', '10', 52.373, 4.893, 'Amsterdam'],
  ['NL', '1012', 52.373, 4.893, 'Amsterdam-Centrum'],
  ['NL', '25', 52.078, 4.312, 'The Hague'],
  ['NL', '30', 51.922, 4.479, 'Rotterdam'],
  ['NL', '3011', 51.922, 4.479, 'Rotterdam-Centrum'],
  ['NL', '35', 52.091, 5.122, 'Utrecht'],
  ['NL', '56', 51.441, 5.478, 'Eindhoven'],
  ['AT', '1', 48.208, 16.373, 'Vienna'],
  ['AT', '1010', 48.208, 16.373, 'Vienna-Innere Stadt'],
  ['AT', '40', 48.306, 14.286, 'Linz'],
  ['AT', '50', 47.809, 13.055, 'Salzburg'],
  ['AT', '60', 47.269, 11.404, 'Innsbruck'],
  ['AT', '80', 47.071, 15.439, 'Graz'],
  ['PL', '0', 52.23, 21.011, 'Warsaw'],
  ['PL', '00001', 52.23, 21.011, 'Warsaw-Śródmieście'],
  ['PL', '3', 50.064, 19.945, 'Krakow'],
  ['PL', '30001', 50.064, 19.945, 'Krakow-Stare Miasto'],
  ['PL', '50', 51.107, 17.038, 'Wroclaw'],
  ['PL', '60', 52.406, 16.925, 'Poznan'],
  ['PL', '80', 54.352, 18.646, 'Gdansk'],
  ['PL', '90', 51.759, 19.456, 'Lodz'],
];

export interface Coordinates {
  lat: number;
  lon: number;
}

export function normalizePostalCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * The centre of the most specific known area around a postal code.
 * @example findPostalCentroid('80331', 'DE') // => { lat: 48.137, lon: 11.575, place: 'Munich-Altstadt' }
 */
export function findPostalCentroid(postalCode: string, country?: string | null): (Coordinates & { place: string }) | undefined {
  const code = normalizePostalCode(postalCode);
  let best: (typeof centroids)[number] | undefined;
  for (const row of centroids) {
    if (country && row[0] !== country.toUpperCase()) continue;
    if (code.startsWith(row[1]) && (!best || row[1].length > best[1].length)) best = row;
  }
  return best ? { lat: best[2], lon: best[3], place: best[4] } : undefined;
}

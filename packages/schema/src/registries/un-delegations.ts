import { OAS_MEMBER_STATES, tagKey, type Delegation } from "./delegations.js";

// [code, name as the UN lists it, the spellings drafts use]. Short OAS tags
// (`Uru`, `Arg`) are added below where they name no other state of the UN.
const MEMBER_STATES: readonly (readonly [string, string, ...string[]])[] = [
  ["AFG", "Afghanistan"], ["ALB", "Albania"], ["DZA", "Algeria"], ["AND", "Andorra"], ["AGO", "Angola"],
  ["ATG", "Antigua and Barbuda"], ["ARG", "Argentina"], ["ARM", "Armenia"], ["AUS", "Australia"], ["AUT", "Austria"],
  ["AZE", "Azerbaijan"], ["BHS", "Bahamas", "The Bahamas"], ["BHR", "Bahrain"], ["BGD", "Bangladesh"], ["BRB", "Barbados"],
  ["BLR", "Belarus"], ["BEL", "Belgium"], ["BLZ", "Belize"], ["BEN", "Benin"], ["BTN", "Bhutan"],
  ["BOL", "Bolivia (Plurinational State of)", "Bolivia"], ["BIH", "Bosnia and Herzegovina", "BiH"], ["BWA", "Botswana"],
  ["BRA", "Brazil"], ["BRN", "Brunei Darussalam", "Brunei"], ["BGR", "Bulgaria"], ["BFA", "Burkina Faso"], ["BDI", "Burundi"],
  ["CPV", "Cabo Verde", "Cape Verde"], ["KHM", "Cambodia"], ["CMR", "Cameroon"], ["CAN", "Canada"],
  ["CAF", "Central African Republic", "CAR"], ["TCD", "Chad"], ["CHL", "Chile"], ["CHN", "China"], ["COL", "Colombia"],
  ["COM", "Comoros"], ["COG", "Congo", "Republic of the Congo"], ["CRI", "Costa Rica"],
  ["CIV", "Côte d’Ivoire", "Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"], ["HRV", "Croatia"], ["CUB", "Cuba"],
  ["CYP", "Cyprus"], ["CZE", "Czechia", "Czech Republic"],
  ["PRK", "Democratic People’s Republic of Korea", "DPRK", "Democratic People's Republic of Korea"],
  ["COD", "Democratic Republic of the Congo", "DRC"], ["DNK", "Denmark"], ["DJI", "Djibouti"], ["DMA", "Dominica"],
  ["DOM", "Dominican Republic"], ["ECU", "Ecuador"], ["EGY", "Egypt"], ["SLV", "El Salvador"], ["GNQ", "Equatorial Guinea"],
  ["ERI", "Eritrea"], ["EST", "Estonia"], ["SWZ", "Eswatini", "Swaziland"], ["ETH", "Ethiopia"], ["FJI", "Fiji"],
  ["FIN", "Finland"], ["FRA", "France"], ["GAB", "Gabon"], ["GMB", "Gambia", "The Gambia"], ["GEO", "Georgia"],
  ["DEU", "Germany"], ["GHA", "Ghana"], ["GRC", "Greece"], ["GRD", "Grenada"], ["GTM", "Guatemala"], ["GIN", "Guinea"],
  ["GNB", "Guinea-Bissau"], ["GUY", "Guyana"], ["HTI", "Haiti"], ["HND", "Honduras"], ["HUN", "Hungary"],
  ["ISL", "Iceland"], ["IND", "India"], ["IDN", "Indonesia"], ["IRN", "Iran (Islamic Republic of)", "Iran"], ["IRQ", "Iraq"],
  ["IRL", "Ireland"], ["ISR", "Israel"], ["ITA", "Italy"], ["JAM", "Jamaica"], ["JPN", "Japan"], ["JOR", "Jordan"],
  ["KAZ", "Kazakhstan"], ["KEN", "Kenya"], ["KIR", "Kiribati"], ["KWT", "Kuwait"], ["KGZ", "Kyrgyzstan"],
  ["LAO", "Lao People’s Democratic Republic", "Lao PDR", "Laos", "Lao People's Democratic Republic"], ["LVA", "Latvia"],
  ["LBN", "Lebanon"], ["LSO", "Lesotho"], ["LBR", "Liberia"], ["LBY", "Libya"], ["LIE", "Liechtenstein"],
  ["LTU", "Lithuania"], ["LUX", "Luxembourg"], ["MDG", "Madagascar"], ["MWI", "Malawi"], ["MYS", "Malaysia"],
  ["MDV", "Maldives"], ["MLI", "Mali"], ["MLT", "Malta"], ["MHL", "Marshall Islands"], ["MRT", "Mauritania"],
  ["MUS", "Mauritius"], ["MEX", "Mexico"], ["FSM", "Micronesia (Federated States of)", "Micronesia"], ["MCO", "Monaco"],
  ["MNG", "Mongolia"], ["MNE", "Montenegro"], ["MAR", "Morocco"], ["MOZ", "Mozambique"], ["MMR", "Myanmar"],
  ["NAM", "Namibia"], ["NRU", "Nauru"], ["NPL", "Nepal"], ["NLD", "Netherlands (Kingdom of the)", "Netherlands"],
  ["NZL", "New Zealand", "NZ"], ["NIC", "Nicaragua"], ["NER", "Niger"], ["NGA", "Nigeria"],
  ["MKD", "North Macedonia"], ["NOR", "Norway"], ["OMN", "Oman"], ["PAK", "Pakistan"], ["PLW", "Palau"],
  ["PAN", "Panama"], ["PNG", "Papua New Guinea"], ["PRY", "Paraguay"], ["PER", "Peru"], ["PHL", "Philippines"],
  ["POL", "Poland"], ["PRT", "Portugal"], ["QAT", "Qatar"], ["KOR", "Republic of Korea", "ROK", "Korea"],
  ["MDA", "Republic of Moldova", "Moldova"], ["ROU", "Romania"], ["RUS", "Russian Federation", "Russia", "RF"],
  ["RWA", "Rwanda"], ["KNA", "Saint Kitts and Nevis"], ["LCA", "Saint Lucia"], ["VCT", "Saint Vincent and the Grenadines"],
  ["WSM", "Samoa"], ["SMR", "San Marino"], ["STP", "Sao Tome and Principe"], ["SAU", "Saudi Arabia", "KSA"],
  ["SEN", "Senegal"], ["SRB", "Serbia"], ["SYC", "Seychelles"], ["SLE", "Sierra Leone"], ["SGP", "Singapore"],
  ["SVK", "Slovakia"], ["SVN", "Slovenia"], ["SLB", "Solomon Islands"], ["SOM", "Somalia"], ["ZAF", "South Africa"],
  ["SSD", "South Sudan"], ["ESP", "Spain"], ["LKA", "Sri Lanka"], ["SDN", "Sudan"], ["SUR", "Suriname"],
  ["SWE", "Sweden"], ["CHE", "Switzerland"], ["SYR", "Syrian Arab Republic", "Syria"], ["TJK", "Tajikistan"],
  ["THA", "Thailand"], ["TLS", "Timor-Leste"], ["TGO", "Togo"], ["TON", "Tonga"], ["TTO", "Trinidad and Tobago"],
  ["TUN", "Tunisia"], ["TUR", "Türkiye", "Turkey", "Turkiye"], ["TKM", "Turkmenistan"], ["TUV", "Tuvalu"],
  ["UGA", "Uganda"], ["UKR", "Ukraine"], ["ARE", "United Arab Emirates", "UAE"],
  ["GBR", "United Kingdom of Great Britain and Northern Ireland", "UK", "United Kingdom"],
  ["TZA", "United Republic of Tanzania", "Tanzania"], ["USA", "United States of America", "US", "USA", "United States"],
  ["URY", "Uruguay"], ["UZB", "Uzbekistan"], ["VUT", "Vanuatu"], ["VEN", "Venezuela (Bolivarian Republic of)", "Venezuela"],
  ["VNM", "Viet Nam", "Vietnam"], ["YEM", "Yemen"], ["ZMB", "Zambia"], ["ZWE", "Zimbabwe"],
];

// The General Assembly's non-member observer states.
const OBSERVER_STATES: readonly (readonly [string, string, ...string[]])[] = [
  ["VAT", "Holy See"],
  ["PSE", "State of Palestine", "Palestine"],
];

// The European Union (a party in its own right) and the negotiating groups, with their usual spellings.
const GROUPS: readonly (readonly [string, string, ...string[]])[] = [
  ["EU", "European Union", "EU"],
  ["G77", "Group of 77 and China", "G77", "G77 and China", "G-77 and China", "G77/China", "G-77/China", "G-77", "G 77", "Group of 77"],
  ["AOSIS", "Alliance of Small Island States", "AOSIS"],
  ["LDC", "Least Developed Countries", "LDCs", "LDC", "LDC Group"],
  ["AGN", "African Group", "African Group", "AGN", "African Group of Negotiators"],
  ["LMDC", "Like-Minded Developing Countries", "LMDC", "LMDCs"],
  ["AILAC", "Independent Association of Latin America and the Caribbean", "AILAC"],
  ["ALBA", "Bolivarian Alliance for the Peoples of Our America", "ALBA"],
  ["ARAB", "Arab Group", "Arab Group"],
  ["BASIC", "Brazil, South Africa, India and China", "BASIC"],
  ["UG", "Umbrella Group", "Umbrella Group"],
  ["EIG", "Environmental Integrity Group", "EIG"],
  ["CANZ", "Canada, Australia and New Zealand", "CANZ"],
  ["JUSSCANNZ", "Japan, the United States, Switzerland, Canada, Australia, Norway and New Zealand", "JUSSCANNZ"],
  ["SIDS", "Small Island Developing States", "SIDS"],
];

function entry(kind: "state" | "group", [code, name, ...tags]: readonly [string, string, ...string[]]): Delegation {
  return { code, name, kind, tags };
}

const ENTRIES: readonly Delegation[] = [
  ...MEMBER_STATES.map((e) => entry("state", e)),
  ...OBSERVER_STATES.map((e) => entry("state", e)),
  ...GROUPS.map((e) => entry("group", e)),
];

// Every folded name and tag of the UN list, to keep an OAS short tag only where it names no other state here.
const UN_KEYS = ENTRIES.map((e) => ({ code: e.code, keys: [e.name, ...e.tags].map(tagKey) }));

function oasTagsFor(code: string): string[] {
  const oas = OAS_MEMBER_STATES.find((e) => e.code === code);
  if (!oas) return [];
  return oas.tags.filter((tag) => {
    const key = tagKey(tag);
    return !UN_KEYS.some((other) => other.code !== code && other.keys.some((k) => k.startsWith(key)));
  });
}

/**
 * The 193 member states of the United Nations and its two observer states
 * (ISO 3166-1 alpha-3 codes, names as the UN lists them, the short names and
 * abbreviations drafts write: `US`, `UK`, `Russia`), the European Union, and
 * the negotiating groups (`G77`/`G-77 and China`, AOSIS, LDCs, African Group,
 * LMDC, AILAC, ALBA, Arab Group, BASIC, Umbrella Group, EIG, CANZ, JUSSCANNZ,
 * SIDS). The OAS short tags (`Uru`, `Arg`) are kept where they name no other
 * state of this list (`Bel` is not Belize here).
 */
export const UN_DELEGATIONS: readonly Delegation[] = Object.freeze(
  ENTRIES.map((e) => {
    const extra = oasTagsFor(e.code).filter((t) => !e.tags.some((own) => tagKey(own) === tagKey(t)));
    const tags = [...e.tags, ...extra];
    // A state drafts call by its name alone has its name as its tag, so exports write `[China: …]`, not `[CHN: …]`.
    return Object.freeze({ ...e, tags: Object.freeze(tags.length ? tags : [e.name]) });
  }),
);

/** How many member states `UN_DELEGATIONS` lists (193). */
export const UN_MEMBER_STATE_COUNT = MEMBER_STATES.length;

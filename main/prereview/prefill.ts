// What the card can answer, the person never types: fields with a `source` are filled from the card.
import { CARD_KIND_LABELS, type IdCard } from '../../domain/identity/card.ts';
import { regionLabel } from '../../domain/identity/region.ts';
import type { CardSource, ServiceItem } from './schema.ts';

function fromCard(card: IdCard, source: CardSource): string | undefined {
  switch (source) {
    case 'name':
      return card.displayName;
    case 'sex':
      return card.sex;
    case 'birthDate':
      return card.birthDate;
    case 'address':
      return card.kind === 'resident' || card.kind === 'hk-macao-taiwan' ? card.address : undefined;
    case 'idNumber':
      return card.idNumber;
    case 'nation':
      return card.kind === 'resident' ? card.nation : undefined;
    case 'nationality':
      return card.kind === 'foreign-old' || card.kind === 'foreign-2023' ? card.nationality : undefined;
    case 'cardKind':
      return CARD_KIND_LABELS[card.kind]?.zh;
    case 'region':
      return card.region ? regionLabel(card.region) : undefined;
    case 'validTo':
      return card.validTo;
    case 'issuer':
      return card.kind === 'foreign-old' ? card.issuerCode : card.issuer;
    default:
      return undefined;
  }
}

/** Values for every field of the item that the card can answer (field id → value). Fields the card
 *  cannot answer for this card type (a foreigner's card has no address) are left out. */
export function prefillForm(item: ServiceItem, card: IdCard): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of item.form) {
    if (field.source === undefined) continue;
    const value = fromCard(card, field.source);
    if (value !== undefined && value !== '') values[field.id] = value;
  }
  return values;
}

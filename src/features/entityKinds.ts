/** How each entity type shows in the editor: setting, label, theme colour, icon. */
import type { EntityType } from '../core/entities/types';

export interface EntityKind {
  types: EntityType[];
  /** `corroborate.decorations.<setting>` and the context key of the same name. */
  setting: string;
  label: string;
  singular: string;
  color: string;
  icon: string;
}

export const ENTITY_KINDS: EntityKind[] = [
  { types: ['PER'], setting: 'people', label: 'People', singular: 'person', color: 'corroborate.person', icon: 'person' },
  { types: ['ORG'], setting: 'organisations', label: 'Organisations', singular: 'organisation', color: 'corroborate.organisation', icon: 'organization' },
  { types: ['LOC'], setting: 'places', label: 'Places', singular: 'place', color: 'corroborate.place', icon: 'location' },
  { types: ['DATE', 'TIME'], setting: 'dates', label: 'Dates and times', singular: 'date', color: 'corroborate.date', icon: 'calendar' },
  { types: ['MONEY'], setting: 'money', label: 'Money', singular: 'amount of money', color: 'corroborate.money', icon: 'credit-card' },
  { types: ['PERCENT'], setting: 'percentages', label: 'Percentages', singular: 'percentage', color: 'corroborate.percentage', icon: 'graph-line' },
  { types: ['QUANTITY'], setting: 'quantities', label: 'Quantities', singular: 'quantity', color: 'corroborate.quantity', icon: 'symbol-number' },
];

export function kindOf(type: EntityType): EntityKind | undefined {
  return ENTITY_KINDS.find(k => k.types.includes(type));
}

/** The named kinds listed in trees (people, organisations, places). */
export const NAMED_KINDS = ENTITY_KINDS.slice(0, 3);

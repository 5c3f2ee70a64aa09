// Public surface of the pre-review engine: what main/services and the screens use.
export {
  type Catalog,
  type CatalogLoadError,
  type CatalogLoadResult,
  type CatalogLogger,
  CatalogHolder,
  catalogBundle,
  loadCatalog,
  parseCatalog,
} from './catalog.ts';
export {
  type ApplicableField,
  type ApplicableMaterial,
  type Checklist,
  type ChecklistAnswer,
  type EvaluateInput,
  type FormValues,
  type MaterialStatus,
  type Outcome,
  type PreReviewResult,
  type Problem,
  type PromisedMaterial,
  applicableFields,
  applicableMaterials,
  evaluate,
} from './evaluate.ts';
export {
  type BuildFactsInput,
  type CardFacts,
  type Facts,
  type HallFacts,
  type TimeFacts,
  buildFacts,
} from './facts.ts';
export { prefillForm } from './prefill.ts';
export { RULE_OPERATORS, compileRule } from './rules.ts';
export {
  type BusinessLine,
  type CardSource,
  type Category,
  type CommitmentPolicy,
  type EligibilityRule,
  type FieldType,
  type FormField,
  type Locale,
  type Localized,
  type Material,
  type ServiceItem,
  LOCALES,
} from './schema.ts';
export { type CategoryGroup, type SearchKeys, categories, searchItems, searchKeys } from './search.ts';
export {
  type FieldCheck,
  isCardNumber,
  isLicencePlate,
  isMobileNumber,
  isUnifiedSocialCreditCode,
  usccCheckCharacter,
  validateField,
} from './validate.ts';

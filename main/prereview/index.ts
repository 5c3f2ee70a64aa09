// Public surface of the pre-review engine: what main/services and the screens use.
export {
  type Catalog,
  type CatalogLoadError,
  type CatalogLoadResult,
  CatalogHolder,
  catalogBundle,
  loadCatalog,
  parseCatalog,
} from './catalog.ts';
export {
  type ApplicableField,
  type ApplicableMaterial,
  type Checklist,
  type CommitmentTerms,
  type NoticeLine,
  type Refusal,
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
  TYPED_CARD,
} from './evaluate.ts';
export {
  type AgentFacts,
  type AgentRelation,
  type ApplicantCardType,
  type ApplicantFacts,
  type ApplicantInput,
  type BuildFactsInput,
  type Facts,
  type HallFacts,
  type TimeFacts,
  AGENT_RELATIONS,
  APPLICANT_CARD_TYPES,
  buildFacts,
  cardTypeOf,
} from './facts.ts';
export { type ExampleFailure, runExamples } from './examples.ts';
export { addDays, addMonths, addWorkingDays, dueDate } from './deadlines.ts';
export { isMunicipality, levelOf, sameRegion, usccRegion } from './regions.ts';
export { prefillForm } from './prefill.ts';
export { RULE_OPERATORS, compileRule } from './rules.ts';
export {
  type BusinessLine,
  type CardSource,
  type Category,
  type CatalogExample,
  type CommitmentKind,
  type CommitmentPolicy,
  type Promisable,
  type Within,
  type EligibilityRule,
  type FieldType,
  type FormField,
  type Locale,
  type Localized,
  type Material,
  type ServiceItem,
  COMMITMENT_KINDS,
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

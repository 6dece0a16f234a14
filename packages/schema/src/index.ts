export {
  schema,
  BLOCK_NODE_NAMES,
  isDelegationCode,
  MAX_LABEL_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_FOOTNOTE_LENGTH,
  MAX_BODY_LENGTH,
} from "./model/schema.js";
export {
  type ParagraphStatus,
  PARAGRAPH_STATUSES,
  isParagraphStatus,
  isLockedStatus,
  isDeletedStatus,
  describeStatus,
  isStatusDate,
  isCalendarDate,
  formatIsoDate,
} from "./model/status.js";
export {
  type ProposalOp,
  type ProposalState,
  type ProposalAttrs,
  type ChoiceStyle,
  CHOICE_STYLES,
  isChoiceStyle,
  PROPOSAL_OPS,
  PROPOSAL_STATES,
  isProposalOp,
  isProposalState,
} from "./model/proposal.js";
export { type FootnoteKind, type FootnoteAttrs, FOOTNOTE_KINDS, isFootnoteKind } from "./model/footnote.js";
export {
  type ParagraphKind,
  type ParagraphAttrs,
  type HeadingAttrs,
  type StatusAttrs,
  PARAGRAPH_KINDS,
  isParagraphKind,
  isNegotiatedParagraph,
} from "./model/paragraph.js";
export {
  type Delegation,
  type DelegationKind,
  type TagResolution,
  DelegationRegistry,
  OAS_MEMBER_STATES,
  tagKey,
  describeTagProblem,
} from "./registries/delegations.js";
export {
  codesOfWrittenTag,
  tagNamesExactly,
  preferredTagList,
  tagToWrite,
  writtenSpellings,
  writtenTagToKeep,
  nameNamesExactly,
  nameToWrite,
  writtenNameToKeep,
  attributionNamesToWrite,
  writtenNamesToKeep,
} from "./registries/written-tags.js";
export { MAX_WRITTEN_TAG_LENGTH, isWrittenTag, isWrittenName } from "./registries/written-forms.js";
export { labelKey } from "./model/labels.js";
export { UN_DELEGATIONS, UN_MEMBER_STATE_COUNT } from "./registries/un-delegations.js";
export { type RegistryName, REGISTRY_NAMES, isRegistryName, registryNamed, describeRegistry, registryBase } from "./registries/registries.js";
export { type DocumentMeta, EMPTY_META, META_FIELDS, META_LIMITS } from "./model/metadata.js";
export {
  type DateStyle,
  type DateReading,
  DATE_STYLES,
  DEFAULT_DATE_STYLE,
  DATE_PATTERN,
  isDateStyle,
  isDayFirst,
  formatDate,
  readDate,
  describeDateStyle,
} from "./model/date-style.js";
export { newId, SequentialIds } from "./model/ids.js";
export {
  type ProposalInfo,
  type ProposalSpan,
  collectProposals,
  proposalMarks,
  proposalAttrs,
} from "./model/proposals.js";
export { modelProblems } from "./model/invariants.js";
export {
  type SpanningBracket,
  type SpanPartFacts,
  type SpanBlockJSON,
  bySpan,
  collectSpanningBrackets,
  spanPartIds,
  spanPartFacts,
  blockSpanFacts,
  spanProblems,
  brokenSpans,
  spansIn,
  spansGoingOn,
  spanPartsAt,
  spanNeighbour,
  passedOverBySpans,
  previousBlocks,
} from "./alternatives/spans.js";
export { type PartChange, bracketsAcrossBlocks } from "./alternatives/split-brackets.js";
export { type ChoiceGroup, type OptionFacts, byChoice, collectChoices, choiceGroupProblems, isUndecidedChoice } from "./alternatives/choices.js";
export {
  NegotiationDocument,
  type NegotiationDocumentJSON,
  type DocumentHeader,
  documentHeaderFromJSON,
  type Result,
  parseDocumentJSON,
  DOCUMENT_FORMAT,
  DOCUMENT_FORMAT_VERSION,
  MAX_DOCUMENT_JSON_LENGTH,
} from "./model/document.js";
export { type NegotiationStats, type NegotiationProgress, negotiationStats, negotiationProgress } from "./stats.js";
export { canonicalContent, type CanonicalOptions } from "./model/canonical.js";
export { inlineTree, proposalNesting, type InlineSegment, type TextSegment, type FootnoteSegment, type BracketSegment } from "./model/inline-tree.js";
export {
  type BlockJSON,
  type DelegateEditContext,
  stripDelegation,
  rememberedStrip,
  stripNode,
  rememberedCheck,
  checkBlock,
  ownStates,
  blockName,
  delegateEditProblem,
} from "./rules/trust-rule.js";
export { blockShapeProblem, markNameOfKey } from "./model/shape.js";
export { proposerOf, isProposer, isSupporter } from "./rules/proposer.js";
export {
  type Role,
  type Member,
  type ProposalAction,
  type BlockAction,
  type DocumentAction,
  type PositionAction,
  POSITION_ACTIONS,
  type Action,
  type ProposalFacts,
  type BlockFacts,
  type ActionFacts,
  type Permission,
  type Refusal,
  ROLES,
  PROPOSAL_ACTIONS,
  BLOCK_ACTIONS,
  DOCUMENT_ACTIONS,
  isRole,
  describeMember,
  mayAct,
  membershipProblem,
  allowedProposalActions,
  allowedBlockActions,
} from "./rules/permissions.js";
export {
  type Stance,
  type StanceSpelling,
  type StanceRun,
  type AttributionForm,
  type Position,
  type Positions,
  STANCES,
  ATTRIBUTION_FORMS,
  MAX_POSITIONS,
  NO_POSITIONS,
  isStance,
  STANCE_WORDS,
  readStanceWord,
  writtenStance,
  parsePositions,
  readPositions,
  writePositions,
  stanceOf,
  withStance,
  describeStance,
  type PositionCounts,
  countPositions,
  stanceRuns,
} from "./model/positions.js";
export { positionsProblem } from "./rules/position-rules.js";
export {
  type OptionState,
  type OptionStep,
  type OptionLabelReading,
  type OptionBlockFacts,
  type BlockOption,
  type OptionGroup,
  type OptionGroupCounts,
  OPTION_STATES,
  MAX_OPTION_DEPTH,
  isOptionState,
  readOptionLabel,
  isOptionLabel,
  readNoText,
  parseOptionPath,
  writeOptionPath,
  optionPathOf,
  optionBlockFacts,
  optionProblems,
  repairOptionPaths,
  collectOptionGroups,
  isUndecidedOptionGroup,
  countOptionGroups,
  optionDomAttrs,
  withSoundOptionPaths,
  placeOutsideOptionGroups,
  optionPathBetween,
} from "./alternatives/options.js";

/*
 * The layout of the rule that `countRows` (packages/ingest/assembly/record-split.ts) reads and keeps its
 * tables' state in: one module that both the AssemblyScript and the CSV parser import (it is valid in
 * both languages), so that the two agree. The rule is `RULE_BYTES` bytes of the structural scanner's
 * memory; `W_*` are the places of its i32 words, `*_AT` byte offsets.
 */

export const RULE_BYTES = 4096;

/** The file's columns (-1 when the file has none) of the service group, the amount and the month. */
export const W_SERVICE_GROUP = 0;
export const W_AMOUNT = 1;
export const W_MONTH = 2;
/** The columns that must not be empty: how many (at most 4), then the columns. */
export const W_REQUIRED_COUNT = 3;
export const W_REQUIRED = 4;
/** The yes/no columns: how many (at most 4), then the columns. */
export const W_FLAG_COUNT = 8;
export const W_FLAGS = 9;
/** The program's service groups: how many (at most 8); each at `GROUPS_AT + g * GROUP_BYTES`. */
export const W_GROUP_COUNT = 13;
export const GROUPS_AT = 64;
/** A group: its length (i32), then its bytes, lower-case ASCII (at most 32). */
export const GROUP_BYTES = 36;
/** The columns of a template's cells: how many (at most 12; 0: AI rows are left to the parser). */
export const W_TEMPLATE_CELL_COUNT = 88;
export const W_TEMPLATE_CELLS = 89;
/** The templates' table: its slots (hash, template + 1), their mask; key bytes, their room and use. */
export const W_TEMPLATE_SLOTS = 102;
export const W_TEMPLATE_MASK = 103;
export const W_KEYS = 104;
export const W_KEY_ROOM = 105;
export const W_KEYS_USED = 106;
/** The templates held, the most it may hold, and each one's key (offset, length). */
export const W_TEMPLATES = 107;
export const W_TEMPLATE_LIMIT = 108;
export const W_TEMPLATE_KEYS = 109;
/**
 * A table of sums: slots of `SUM_SLOT_BYTES` (key, rows, scale, unused, the units as i64), their mask,
 * the sums held, the list of slots used and the most sums (5 words from its first).
 */
export const W_SUMS = 110;
export const W_ELIGIBLE_SUMS = 120;
export const SUMS_SLOTS = 0;
export const SUMS_MASK = 1;
export const SUMS_COUNT = 2;
export const SUMS_LIST = 3;
export const SUMS_MOST = 4;
export const SUM_SLOT_BYTES = 24;
/** The hash and length of the key of the row `countRows` stopped at (a new template). */
export const W_PENDING_HASH = 115;
export const W_PENDING_LENGTH = 116;
/** The month texts' table: its slots (length, month, 16 bytes of text), their mask, the texts held. */
export const W_MONTH_TEXTS = 117;
export const W_MONTH_TEXT_MASK = 118;
export const W_MONTH_TEXT_COUNT = 119;
/** The counts by month of the AI rows folded without the parser (7 arrays of `MONTHS`). */
export const W_COUNTS = 125;
/**
 * Each template's kind, customer and checks left open (three i32), then the months (a bit each, by
 * month number) in which the parser has been told a sum of its rows (`TEMPLATE_INFO_BYTES` in all).
 */
export const W_TEMPLATE_INFO = 126;
export const TEMPLATE_INFO_BYTES = 28;
export const TOLD_MONTHS_AT = 12;
/**
 * The sums of rows whose ACR is set aside, by template and month, once the parser was told a sum of the
 * same template and month (a table of sums, as `W_SUMS`): every map key they touch exists by then, so
 * they are told when the read ends, in any order, instead of before the parser's next row.
 */
export const W_LATER_SUMS = 127;
/**
 * The parts of a template key: the template cells whose bits are set in `W_PART_CELLS` (a customer's)
 * and the others (a class of rows: group, attribution, offer...). 0: no parts. A row of a new template
 * whose two parts were each seen before need not be read by the parser: it is made of the two rows
 * that brought them. The parts' table: its slots (hash, part + 1), their mask, each part's key (offset,
 * length), the keys' bytes, their room and use, the parts held and the most.
 */
export const W_PART_CELLS = 132;
export const W_PART_SLOTS = 133;
export const W_PART_MASK = 134;
export const W_PART_OFFSETS = 135;
export const W_PART_KEYS = 136;
export const W_PART_KEY_ROOM = 137;
export const W_PART_KEYS_USED = 138;
export const W_PARTS = 139;
export const W_PART_LIMIT = 140;
/**
 * When `countRows` stops at a row of a new template: the numbers of its class part and its customer
 * part (-1: new), and each one's hash and key length (for `addTemplate`, which adds new parts and
 * leaves their numbers here).
 */
export const W_CLASS_PART = 141;
export const W_CUSTOMER_PART = 142;
export const W_CLASS_PART_HASH = 143;
export const W_CLASS_PART_LENGTH = 144;
export const W_CUSTOMER_PART_HASH = 145;
export const W_CUSTOMER_PART_LENGTH = 146;
/** The rows of other groups counted per month (i32, `MONTHS` of them). */
export const OTHER_COUNTS_AT = 3584;
/** The months the counts are kept for: the parser numbers them. */
export const MONTHS = 128;
/** After the rule: where `findTemplate` keeps a row's template cells (start, length; 12 at most). */
export const SPANS_AT = 4096;

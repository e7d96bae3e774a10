import { tokens } from "@fluentui/react-components";

/**
 * Categorical colours for series (customers), from Fluent's palette tokens in the order of Fluent's
 * data-visualization palette, so neighbouring series stay distinguishable.
 */
export const seriesColors: readonly string[] = [
  tokens.colorPaletteCornflowerBorderActive,
  tokens.colorPaletteDarkOrangeBorderActive,
  tokens.colorPaletteTealBorderActive,
  tokens.colorPaletteBerryBorderActive,
  tokens.colorPaletteForestBorderActive,
  tokens.colorPaletteLavenderBorderActive,
  tokens.colorPaletteGoldBorderActive,
  tokens.colorPaletteRoyalBlueBorderActive,
  tokens.colorPaletteMagentaBorderActive,
  tokens.colorPaletteSteelBorderActive,
];

/** The colour of everything grouped as "other". */
export const otherColor = tokens.colorNeutralStrokeAccessible;

export function seriesColor(index: number): string {
  return seriesColors[index % seriesColors.length] as string;
}

/** Status colours shared by the charts and their legends. */
export const statusColors = {
  good: tokens.colorPaletteGreenBorderActive,
  bad: tokens.colorPaletteRedBorderActive,
  warning: tokens.colorPaletteMarigoldBorderActive,
  upcoming: tokens.colorPaletteBlueBorderActive,
  neutral: tokens.colorNeutralForeground4,
  muted: tokens.colorNeutralStroke1,
  track: tokens.colorNeutralBackground5,
} as const;

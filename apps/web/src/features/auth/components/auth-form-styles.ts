import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";

/** The layout the signed-out forms share. */
export const useAuthFormStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  heading: {
    ...typographyStyles.title3,
    margin: 0,
    ":focus": { outline: "none" },
  },
  intro: { ...typographyStyles.body1, color: tokens.colorNeutralForeground2, margin: 0 },
  actions: {
    display: "flex",
    justifyContent: "flex-end",
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalS,
  },
});

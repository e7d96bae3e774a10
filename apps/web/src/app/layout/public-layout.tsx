import { makeStyles, mergeClasses, tokens, typographyStyles } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    justifyContent: "flex-start",
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalL}`,
    boxSizing: "border-box",
    gap: tokens.spacingVerticalXL,
  },
  brand: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    ...typographyStyles.subtitle1,
    marginTop: "6vh",
  },
  logo: { width: "32px", height: "32px" },
  main: { width: "100%", maxWidth: "440px" },
  wide: { maxWidth: "560px" },
  // A Fluent card's look without the Card component: this layout is part of the first download.
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
  },
  footer: {
    ...typographyStyles.caption1,
    color: tokens.colorNeutralForeground3,
    textAlign: "center",
    maxWidth: "440px",
  },
});

/** Signed-out pages (setup, sign-in, invitation): the product name and one card. */
export function PublicLayout({
  children,
  wide = false,
}: {
  readonly children: ReactNode;
  readonly wide?: boolean;
}) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <div className={styles.brand}>
        <svg className={styles.logo} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
          <rect width="32" height="32" rx="6" fill={tokens.colorBrandBackground} />
          <path
            d="M9 16.5l4.5 4.5L23 11.5"
            fill="none"
            stroke={tokens.colorNeutralForegroundOnBrand}
            strokeWidth="3"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        specready
      </div>
      <main id="main-content" className={mergeClasses(styles.main, wide && styles.wide)}>
        <div className={styles.card}>{children}</div>
      </main>
      <p className={styles.footer}>
        Readiness for the AI Platform on Microsoft Azure specialization (formerly AI and Machine Learning in
        Microsoft Azure), from your Partner Center exports.
      </p>
    </div>
  );
}

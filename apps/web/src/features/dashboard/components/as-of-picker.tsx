import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useId, useState } from "react";
import { isCalendarDate } from "../../../lib/format";

const useStyles = makeStyles({
  root: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS },
  input: { minWidth: "170px" },
});

export interface AsOfPickerProps {
  readonly value: string;
  readonly today: string;
  readonly onChange: (date: string) => void;
}

/**
 * The as-of date of the evaluation. A date typed in the field applies once it is complete and has
 * stayed for a moment, so typing a year does not evaluate years 0002, 0020 and 0202 on the way.
 */
export function AsOfPicker({ value, today, onChange }: AsOfPickerProps) {
  const styles = useStyles();
  const [text, setText] = useState(value);
  const hintId = useId();
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value || !isCalendarDate(text) || text < "2000-01-01") return;
    const t = setTimeout(() => onChange(text), 400);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  const invalid = text !== "" && !isCalendarDate(text);
  return (
    <div className={styles.root}>
      <Field label="As of" validationMessage={invalid ? "Enter a complete date." : undefined}>
        <Input
          className={styles.input}
          type="date"
          value={text}
          max="9999-12-31"
          aria-describedby={hintId}
          onChange={(_, d) => setText(d.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && isCalendarDate(text)) onChange(text);
          }}
        />
      </Field>
      <span id={hintId} hidden>
        The evaluation and the charts are computed as of this date.
      </span>
      <Button onClick={() => onChange(today)} disabled={value === today}>
        Today
      </Button>
    </div>
  );
}

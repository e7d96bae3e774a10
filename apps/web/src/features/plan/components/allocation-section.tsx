import {
  Badge,
  Card,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import type { ReferenceAllocation } from "@specready/core";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";
import { formatDate } from "../../../lib/format";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  text: { margin: 0, color: tokens.colorNeutralForeground2 },
  wrap: {
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  cell: { textAlign: "center" },
});

const STATE_TEXT = { ready: "Ready", review: "To review", missing: "Missing" } as const;
const STATE_COLOR = { ready: "success", review: "warning", missing: "danger" } as const;

/**
 * The reference allocation: the grid of controls by chosen customers (what each is asked for), then each
 * customer's to-do list with the artifacts still missing and when its project ages out.
 */
export function AllocationSection({ allocation }: { allocation: ReferenceAllocation }) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const customers = allocation.customers;
  return (
    <Card className={styles.card} data-testid="plan-allocation">
      <h2 className={styles.heading}>
        Who to ask for references{" "}
        <Badge appearance="tint" color={allocation.exact ? "success" : "warning"}>
          {allocation.exact ? "Exact: the smallest set" : "Best found, not proven smallest"}
        </Badge>
      </h2>
      <p className={styles.text}>{allocation.summary}</p>
      <div className={styles.wrap}>
        <Table aria-label="Controls by customer: what each chosen customer is asked for" style={AUTO_LAYOUT}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Control</TableHeaderCell>
              <TableHeaderCell>Customers needed</TableHeaderCell>
              {customers.map((c) => (
                <TableHeaderCell key={c.tenantId}>{c.name ?? c.tenantId}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {allocation.grid.map((g) => (
              <TableRow key={g.control}>
                <TableCell>
                  {g.control} {g.title}
                </TableCell>
                <TableCell>{g.required}</TableCell>
                {customers.map((c) => {
                  const cell = g.customers.find((x) => x.tenantId === c.tenantId);
                  return (
                    <TableCell key={c.tenantId} className={styles.cell}>
                      {cell === undefined ? (
                        <>
                          <span aria-hidden="true">–</span>
                          <span className={hidden.hidden}>not asked</span>
                        </>
                      ) : (
                        <Badge appearance="tint" color={STATE_COLOR[cell.state]}>
                          {STATE_TEXT[cell.state]}
                        </Badge>
                      )}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className={styles.wrap}>
        <Table aria-label="To do per customer" style={AUTO_LAYOUT}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Customer</TableHeaderCell>
              <TableHeaderCell>Control</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>To do</TableHeaderCell>
              <TableHeaderCell>Project ages out</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {customers.flatMap((c) =>
              c.controls
                .filter((x) => x.state !== "ready")
                .map((x) => (
                  <TableRow key={`${c.tenantId}-${x.control}`}>
                    <TableCell>{c.name ?? c.tenantId}</TableCell>
                    <TableCell>{x.control}</TableCell>
                    <TableCell>{STATE_TEXT[x.state]}</TableCell>
                    <TableCell>{x.todo}</TableCell>
                    <TableCell>{formatDate(c.agesOutOn)}</TableCell>
                  </TableRow>
                )),
            )}
          </TableBody>
        </Table>
      </div>
      <p className={styles.text}>{allocation.rule}</p>
    </Card>
  );
}

import type { RowData } from "@tanstack/react-table";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The column's name in the visibility menu (and the header when the header is not a string). */
    label?: string;
    /** Numbers and amounts: right-aligned, tabular figures. */
    align?: "right";
    /** Classes for this column's cells (a width, a font). */
    className?: string;
    /** The list API's `sort` value for this column; a column with one sorts by header click. */
    sortParam?: string;
    /** The cell that names the row (`<th scope="row">`): a screen reader reads it with every other cell of the row. */
    rowHeader?: boolean;
  }
}

export {};

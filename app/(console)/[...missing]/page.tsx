import { notFound } from "next/navigation";

/**
 * Any console URL no page answers: the console's own not-found page (../not-found.tsx), inside the
 * shell and in the user's language, with a 404 status. Without it Next answers its bare English
 * page outside the console layout (a segment's not-found.tsx only catches notFound() calls).
 */
export default function Missing(): never {
  notFound();
}

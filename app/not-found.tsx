import ConsoleLayout from "./(console)/layout";
import ConsoleNotFound from "./(console)/not-found";

/**
 * Any URL no page or route answers: the console's not-found page inside the shell, in the user's
 * language, with status 404 (Next renders the root not-found for unmatched URLs). Not a catch-all
 * page: one would also match the RSC form of every API path (`/api/v1/me.rsc` reaches the router
 * as a page request for `/api/v1/me`, which the proxy cannot tell apart), answering 200.
 */
export default function NotFound() {
  return (
    <ConsoleLayout>
      <ConsoleNotFound />
    </ConsoleLayout>
  );
}

import { forbidden } from "next/navigation";

// The proxy rewrites requests below a page's minimum role here; forbidden() answers 403 with app/forbidden.tsx.
export default function ForbiddenRoute() {
  forbidden();
}

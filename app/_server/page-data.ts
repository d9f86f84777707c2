// Pages read their data through loaders in lib/; a loader that finds nothing throws AppError("not_found"), and for a
// page that is Next's 404. This is the one place that says so.
import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/app-error";

/** The loader's result; Next's 404 page when the loader says not_found; any other error is thrown on. */
export async function orNotFound<T>(loading: Promise<T>): Promise<T> {
  try {
    return await loading;
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

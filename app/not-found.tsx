import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center p-6 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">
        The page you asked for does not exist or you cannot see it.
      </p>
      <Link href="/" className="mt-4 text-sm font-medium text-indigo-600 hover:underline">
        Back to the dashboard
      </Link>
    </main>
  );
}

import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [
      "node_modules/**",
      ".next*/**",
      "lib/db/generated/**",
      "data/**",
      "tmp/**",
      "dist/**",
      "test-results*/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  { rules: { "@typescript-eslint/no-explicit-any": "error" } },
  // Playwright fixtures call their `use` callback, which is not React's use() hook.
  { files: ["tests/e2e/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
  // The CLI's entry and runner are CommonJS on purpose (start-up loads no ES module): require is their import.
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
];
export default config;

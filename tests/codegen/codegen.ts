// The README's recipe: types for a client's operations from zhdj's schema.
// ZHDJ_SCHEMA: an SDL file (default: the repository's schema.graphql) or a server's /graphql
// address, read by introspection with ZHDJ_TOKEN as the bearer token.
import type { CodegenConfig } from "@graphql-codegen/cli";

const source = process.env.ZHDJ_SCHEMA ?? "../../schema.graphql";
const token = process.env.ZHDJ_TOKEN;

const config: CodegenConfig = {
  schema: source.startsWith("http")
    ? [{ [source]: { headers: token ? { Authorization: `Bearer ${token}` } : {} } }]
    : source,
  documents: ["operations/*.graphql"],
  generates: {
    "generated/": {
      preset: "client",
      config: {
        strictScalars: true,
        // Date: "2026-12-06"; DateTime: ISO 8601 with offset; Time: "08:30:00"; JSON: any value.
        scalars: { Date: "string", DateTime: "string", Time: "string", JSON: "unknown" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;

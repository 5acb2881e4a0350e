// Builds static/dist/ from npm packages and our own sources. Run by `npm run build`.
import * as sass from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
mkdirSync(dist, { recursive: true });

const copies = {
  "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js": "govuk-frontend.min.js",
  "node_modules/htmx.org/dist/htmx.min.js": "htmx.min.js",
};
for (const [from, to] of Object.entries(copies)) {
  copyFileSync(join(root, from), join(dist, to));
}

try {
  const result = sass.compile(join(root, "static", "src", "app.scss"), {
    style: "compressed",
    importers: [new sass.NodePackageImporter(root)],
    quietDeps: true,
  });
  writeFileSync(join(dist, "app.css"), result.css);
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
console.log("Built static/dist/");

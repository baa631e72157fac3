#!/usr/bin/env node
// Lint Neo4j-dialect Cypher statements with Neo4j's own parser and semantic
// analysis, as shipped in the npm package @neo4j-cypher/language-support.
//
// Input (stdin), either a bare array of statements:
//   [{"name": "upsert_plans", "cypher": "UNWIND $rows AS r ..."}, ...]
// or an object that also carries the schema the statements run against:
//   {"statements": [...],
//    "labels": ["Plan", ...],            // optional; enables unknown-label warnings
//    "relationshipTypes": ["COVERS"],    // optional; enables unknown-type warnings
//    "propertyKeys": ["id", ...],        // optional; enables unknown-property warnings
//    "cypherVersion": "CYPHER 5",        // optional; default "CYPHER 5" (Neo4j 5)
//    "allowApoc": false,                 // optional; accept apoc.* / gds.* calls
//    "checkFunctions": true}             // optional; error on unknown functions
//
// Output (stdout), one JSON document:
//   {"ok": true|false,                  // false if any statement has an error
//    "linter": {"package": ..., "version": ..., "node": ...},
//    "results": [{"name": ..., "ok": bool,
//                 "errors":   [diagnostic, ...],   // severity "error"
//                 "warnings": [diagnostic, ...],   // everything else
//                 "parameters": ["rows", ...]}]}  // $parameters the statement uses
// where diagnostic = {"severity": "error"|"warning"|"information"|"hint",
//                     "message": str,
//                     "line": int, "column": int,        // 1-based start
//                     "endLine": int, "endColumn": int,  // 1-based end
//                     "start": int, "end": int,          // 0-based char offsets
//                     "source": "neo4j-parser" | "policykg-lint"}
//
// Exit code: 0 when every statement is free of errors, 1 when any statement has
// an error, 2 on bad input or an internal failure (message on stderr).
//
// `node lint.mjs --serve` instead answers one request per stdin line with one
// JSON line on stdout ({"error": "..."} for a bad request) until stdin closes.
//
// Notes:
// * "Parameter $x is not defined." errors are dropped: statements are sent with
//   parameters at run time; the names are reported in "parameters" instead.
// * Unknown functions / procedures are errors: the function and procedure
//   signatures come from the package's own Neo4j 5 catalogue (testData.mockSchema),
//   restricted to built-ins unless allowApoc is set.
// * A string holding more than one statement (";"-separated) is an error: the
//   Neo4j drivers run exactly one statement per call.
// * Console commands (":param" etc.) are disabled: drivers do not accept them.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  lintCypherQuery,
  parseStatementsStrs,
  testData,
} from '@neo4j-cypher/language-support';

const PACKAGE = '@neo4j-cypher/language-support';
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const PARAM_ERROR = /^Parameter \$(.+) is not defined\.$/;

function packageVersion() {
  try {
    const url = new URL(
      './node_modules/@neo4j-cypher/language-support/package.json',
      import.meta.url,
    );
    return JSON.parse(readFileSync(url, 'utf8')).version;
  } catch {
    return null;
  }
}

function fail(message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exit(2);
}

function isExtension(name) {
  return name.startsWith('apoc.') || name.startsWith('gds.');
}

// Restrict a registry (name -> signature) to what plain Neo4j ships.
function pick(registry, keep) {
  const out = {};
  for (const [name, sig] of Object.entries(registry ?? {})) {
    if (keep(name, sig)) out[name] = sig;
  }
  return out;
}

function buildDbSchema(input) {
  const version = input.cypherVersion ?? 'CYPHER 5';
  const dbSchema = { defaultLanguage: version };
  const labels = input.labels ?? [];
  const relTypes = input.relationshipTypes ?? [];
  // The library only checks labels when both lists are present; a caller that
  // names any label or type is declaring the complete set of both.
  if (labels.length > 0 || relTypes.length > 0) {
    dbSchema.labels = [...labels];
    dbSchema.relationshipTypes = [...relTypes];
  }
  if ((input.propertyKeys ?? []).length > 0) {
    dbSchema.propertyKeys = [...input.propertyKeys];
  }
  const catalogue = testData?.mockSchema;
  if (input.checkFunctions !== false && catalogue?.functions?.[version]) {
    const allowApoc = Boolean(input.allowApoc);
    dbSchema.functions = {
      [version]: pick(
        catalogue.functions[version],
        (name, sig) => sig.isBuiltIn || (allowApoc && isExtension(name)),
      ),
    };
    dbSchema.procedures = {
      [version]: pick(
        catalogue.procedures?.[version],
        (name) => allowApoc || !isExtension(name),
      ),
    };
  }
  return dbSchema;
}

function toDiagnostic(d, source = 'neo4j-parser') {
  return {
    severity: SEVERITY[d.severity] ?? String(d.severity),
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    start: d.offsets?.start ?? null,
    end: d.offsets?.end ?? null,
    source,
  };
}

function lintOne(statement, dbSchema) {
  const { name, cypher } = statement;
  const errors = [];
  const warnings = [];
  const parameters = new Set();

  if (typeof cypher !== 'string' || cypher.trim() === '') {
    errors.push({
      severity: 'error',
      message: 'Empty statement',
      line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0,
      source: 'policykg-lint',
    });
    return { name, ok: false, errors, warnings, parameters: [] };
  }

  const parts = parseStatementsStrs(cypher);
  if (parts.length > 1) {
    errors.push({
      severity: 'error',
      message: `Contains ${parts.length} statements separated by ';'; ` +
        'a Neo4j driver runs exactly one statement per call',
      line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0,
      source: 'policykg-lint',
    });
  }

  const { diagnostics } = lintCypherQuery(cypher, dbSchema, {
    consoleCommandsEnabled: false,
  });
  for (const d of diagnostics) {
    const m = PARAM_ERROR.exec(d.message);
    if (m) {
      parameters.add(m[1].replace(/^`|`$/g, ''));
      continue;
    }
    const diag = toDiagnostic(d);
    (diag.severity === 'error' ? errors : warnings).push(diag);
  }
  return {
    name,
    ok: errors.length === 0,
    errors,
    warnings,
    parameters: [...parameters].sort(),
  };
}

class InputError extends Error {}

function validate(input) {
  if (Array.isArray(input)) input = { statements: input };
  if (!input || typeof input !== 'object' || !Array.isArray(input.statements)) {
    throw new InputError(
      'expected a JSON array of {name, cypher} or an object with "statements"',
    );
  }
  for (const [i, s] of input.statements.entries()) {
    if (!s || typeof s.name !== 'string' || typeof s.cypher !== 'string') {
      throw new InputError(`statement #${i} must be an object with string "name" and "cypher"`);
    }
  }
  for (const key of ['labels', 'relationshipTypes', 'propertyKeys']) {
    const v = input[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
      throw new InputError(`"${key}" must be an array of strings`);
    }
  }
  return input;
}

function handle(input) {
  input = validate(input);
  const dbSchema = buildDbSchema(input);
  const results = input.statements.map((s) => lintOne(s, dbSchema));
  return {
    ok: results.every((r) => r.ok),
    linter: { package: PACKAGE, version: packageVersion(), node: process.version },
    results,
  };
}

// One request: the whole of stdin is one JSON document.
function runOnce() {
  let input;
  try {
    input = JSON.parse(readFileSync(0, 'utf8'));
  } catch (e) {
    fail(`stdin is not JSON: ${e.message}`);
  }
  let out;
  try {
    out = handle(input);
  } catch (e) {
    fail(e instanceof InputError ? e.message : (e.stack ?? String(e)));
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exitCode = out.ok ? 0 : 1;
}

// --serve: one JSON request per stdin line, one JSON answer per stdout line
// ({"error": message} for a bad request); exits when stdin closes. Saves the
// ~2 s start-up per request for callers that lint many batches.
function serve() {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (line.trim() === '') return;
    let out;
    try {
      out = handle(JSON.parse(line));
    } catch (e) {
      out = {
        error: e instanceof InputError ? e.message
          : e instanceof SyntaxError ? `request is not JSON: ${e.message}`
          : (e.stack ?? String(e)),
      };
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  });
  rl.on('close', () => process.exit(0));
}

if (process.argv.includes('--serve')) serve();
else runOnce();

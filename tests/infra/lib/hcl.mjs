// Loads deploy/terraform with @cdktf/hcl2json and offers the small toolkit the checks share:
// per-directory merged models, module-call scopes per environment, reference extraction and a
// tiny evaluator for literal-ish expressions (variables, locals, operators, a few functions).
import { parse, getReferencesInExpression } from '@cdktf/hcl2json';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..', '..');
export const TF_ROOT = process.env.EDU_TF_ROOT ? path.resolve(process.env.EDU_TF_ROOT) : path.join(REPO, 'deploy', 'terraform');
export const SHARED = path.resolve(REPO, '..', 'shared');
export const ENVS = ['dev', 'staging', 'production'];

// ------------------------------------------------------------------ files

export function walk(dir, pred) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.terraform' || e.name === '.git') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, pred));
    else if (pred(p)) out.push(p);
  }
  return out.sort();
}

export const rel = (p) => path.relative(TF_ROOT, p) || '.';

const parseCache = new Map();
export async function parseFile(file) {
  if (!parseCache.has(file)) {
    parseCache.set(file, parse(path.basename(file), fs.readFileSync(file, 'utf8')));
  }
  return parseCache.get(file);
}

export function tfDirs() {
  const dirs = new Set(walk(TF_ROOT, (p) => p.endsWith('.tf')).map((p) => path.dirname(p)));
  return [...dirs].sort();
}

// ------------------------------------------------------------------ per-directory model

const NAMED2 = ['resource', 'data'];
const NAMED1 = ['variable', 'output', 'module', 'provider'];

const modelCache = new Map();
export async function loadDir(dir) {
  if (modelCache.has(dir)) return modelCache.get(dir);
  const m = { dir, resource: {}, data: {}, variable: {}, output: {}, module: {}, provider: {}, locals: {}, localsFile: {}, terraform: [], files: [], fileOf: new Map() };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  for (const f of files) {
    const file = path.join(dir, f);
    const j = await parseFile(file);
    m.files.push({ file, json: j });
    for (const k of NAMED2) {
      for (const [type, byName] of Object.entries(j[k] || {})) {
        m[k][type] ??= {};
        for (const [name, arr] of Object.entries(byName)) {
          m[k][type][name] = [...(m[k][type][name] || []), ...arr];
          m.fileOf.set(`${k}.${type}.${name}`, file);
        }
      }
    }
    for (const k of NAMED1) {
      for (const [name, arr] of Object.entries(j[k] || {})) {
        m[k][name] = [...(m[k][name] || []), ...arr];
        m.fileOf.set(`${k}.${name}`, file);
      }
    }
    for (const block of j.locals || []) {
      for (const [k, v] of Object.entries(block)) {
        m.locals[k] = v;
        m.localsFile[k] = file;
      }
    }
    m.terraform.push(...(j.terraform || []));
  }
  modelCache.set(dir, m);
  return m;
}

// All instances of a resource type in a model: [{name, body}]
export function resources(m, type) {
  return Object.entries(m.resource[type] || {}).map(([name, arr]) => ({ name, body: arr[0] }));
}
export const res = (m, type, name) => m.resource[type]?.[name]?.[0];

export function moduleSourceDir(fromDir, source) {
  if (typeof source !== 'string' || !source.startsWith('.')) return null;
  return path.resolve(fromDir, source);
}

// ------------------------------------------------------------------ references

const refCache = new Map();
export async function refsOf(str) {
  if (!refCache.has(str)) refCache.set(str, getReferencesInExpression('x.tf', quoteTemplate(str)).then((r) => r.map((x) => x.value)));
  return refCache.get(str);
}

// Re-quotes a parsed template as an HCL string literal: quotes, backslashes and newlines of the
// literal parts are escaped, interpolations are kept verbatim.
export function quoteTemplate(str) {
  let out = '';
  let i = 0;
  while (i < str.length) {
    if (str.startsWith('${', i)) {
      let depth = 0;
      let j = i + 1;
      for (; j < str.length; j++) {
        if (str[j] === '{') depth++;
        else if (str[j] === '}' && --depth === 0) break;
      }
      out += str.slice(i, j + 1);
      i = j + 1;
    } else {
      const ch = str[i++];
      out += ch === '"' ? '\\"' : ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch;
    }
  }
  return `"${out}"`;
}

// Every expression string inside a JSON value, with a path for messages.
export function expressions(value, where = '', out = []) {
  if (typeof value === 'string') {
    if (value.includes('${')) out.push({ expr: value, where });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => expressions(v, `${where}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) expressions(v, where ? `${where}.${k}` : k, out);
  }
  return out;
}

// Labels of dynamic blocks (their iterator names are valid references inside the block).
export function dynamicLabels(value, out = new Set()) {
  if (Array.isArray(value)) value.forEach((v) => dynamicLabels(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'dynamic' && v && typeof v === 'object' && !Array.isArray(v)) Object.keys(v).forEach((l) => out.add(l));
      dynamicLabels(v, out);
    }
  }
  return out;
}

export async function dirReferences(m) {
  const out = [];
  for (const { file, json } of m.files) {
    for (const { expr, where } of expressions(json)) {
      for (const ref of await refsOf(expr)) out.push({ ref, where, file });
    }
  }
  return out;
}

// ------------------------------------------------------------------ tfvars

export async function loadTfvars(env) {
  const file = path.join(TF_ROOT, 'environments', env, 'terraform.tfvars');
  return parse('terraform.tfvars', fs.readFileSync(file, 'utf8'));
}

// ------------------------------------------------------------------ scopes and evaluation

export class Unknown extends Error {}

// A scope is one instance of a module directory in one environment: the root, or a module call.
export async function rootScope(env) {
  const model = await loadDir(TF_ROOT);
  return { env, dir: TF_ROOT, model, parent: null, call: null, name: 'root', tfvars: await loadTfvars(env) };
}

export async function childScopes(scope) {
  const out = [];
  for (const [name, arr] of Object.entries(scope.model.module)) {
    const call = arr[0];
    const dir = moduleSourceDir(scope.dir, call.source);
    if (!dir || !fs.existsSync(dir)) continue;
    const child = { env: scope.env, dir, model: await loadDir(dir), parent: scope, call, name: `${scope.name}/${name}` };
    child.enabled = instanceCount(scope, call) > 0;
    out.push(child);
  }
  return out;
}

export async function allScopes(env) {
  const root = await rootScope(env);
  root.enabled = true;
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    for (const c of await childScopes(out[i])) {
      c.enabled = c.enabled && out[i].enabled;
      out.push(c);
    }
  }
  return out;
}

// Number of instances of a block with optional count (for_each counts as "unknown" -> 1).
export function instanceCount(scope, body) {
  if (body.count === undefined) return 1;
  return Number(evaluate(scope, body.count));
}

export function resolveVar(scope, name) {
  if (!scope.parent) {
    if (Object.prototype.hasOwnProperty.call(scope.tfvars, name)) return scope.tfvars[name];
  } else if (Object.prototype.hasOwnProperty.call(scope.call, name)) {
    return evaluate(scope.parent, scope.call[name]);
  }
  const decl = scope.model.variable[name]?.[0];
  if (!decl) throw new Unknown(`var.${name} is not declared in ${rel(scope.dir)}`);
  if (!Object.prototype.hasOwnProperty.call(decl, 'default')) throw new Unknown(`var.${name} has no value`);
  return decl.default;
}

const FUNCS = {
  tostring: (x) => (x === null ? null : typeof x === 'string' ? x : String(x)),
  tonumber: (x) => Number(x),
  floor: Math.floor,
  ceil: Math.ceil,
  min: Math.min,
  max: Math.max,
  length: (x) => (typeof x === 'string' ? x.length : Array.isArray(x) ? x.length : Object.keys(x).length),
  contains: (l, v) => l.includes(v),
  concat: (...ls) => [].concat(...ls),
  join: (sep, l) => l.join(sep),
  coalesce: (...xs) => xs.find((x) => x !== null && x !== undefined && x !== ''),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  values: (o) => Object.values(o),
};

// Evaluates a parsed value in a scope. Pure literals come back as-is; "${...}" expressions made of
// var./local. references, literals, operators and FUNCS are computed; anything else throws Unknown.
export function evaluate(scope, value, depth = 0) {
  if (depth > 40) throw new Unknown('evaluation too deep');
  if (Array.isArray(value)) return value.map((v) => evaluate(scope, v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(scope, v, depth + 1)]));
  }
  if (typeof value !== 'string' || !value.includes('${')) return value;
  const whole = /^\$\{([\s\S]*)\}$/.exec(value);
  if (whole && balanced(whole[1])) return evalInner(scope, whole[1], depth);
  // Template: substitute each interpolation.
  return value.replace(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g, (_, inner) => {
    const v = evalInner(scope, inner, depth);
    if (v === null || v === undefined) throw new Unknown(`null interpolation in ${value}`);
    return String(v);
  });
}

function balanced(s) {
  let d = 0;
  for (const ch of s) {
    if (ch === '{') d++;
    if (ch === '}' && --d < 0) return false;
  }
  return d === 0;
}

function evalInner(scope, inner, depth) {
  const vals = [];
  let js = inner.replace(/\b(var|local)\.([A-Za-z_][A-Za-z0-9_-]*)/g, (_, kind, name) => {
    let v;
    if (kind === 'var') v = resolveVar(scope, name);
    else {
      if (!Object.prototype.hasOwnProperty.call(scope.model.locals, name)) throw new Unknown(`local.${name} undefined`);
      v = evaluate(scope, scope.model.locals[name], depth + 1);
    }
    vals.push(v);
    return `__v[${vals.length - 1}]`;
  });
  // Only literals, operators, the substituted values and known functions may remain.
  const stripped = js.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const id of stripped.match(/[A-Za-z_][A-Za-z0-9_]*/g) || []) {
    if (!['true', 'false', 'null', '__v'].includes(id) && !(id in FUNCS)) throw new Unknown(`cannot evaluate '${inner}' (${id})`);
  }
  if (/[{}=;`]/.test(stripped.replace(/[=!<>]=|=>/g, ''))) throw new Unknown(`cannot evaluate '${inner}'`);
  try {
    // eslint-disable-next-line no-new-func
    return new Function('__v', ...Object.keys(FUNCS), `return (${js});`)(vals, ...Object.values(FUNCS));
  } catch (e) {
    throw new Unknown(`cannot evaluate '${inner}': ${e.message}`);
  }
}

export function tryEvaluate(scope, value) {
  try {
    return evaluate(scope, value);
  } catch (e) {
    if (e instanceof Unknown) return undefined;
    throw e;
  }
}

// The single expression text of a "${...}" value, or null.
export function exprText(v) {
  const m = typeof v === 'string' && /^\$\{([\s\S]*)\}$/.exec(v);
  return m ? m[1].trim() : null;
}

// Finds objects anywhere inside a JSON value that satisfy pred.
export function findObjects(value, pred, out = []) {
  if (Array.isArray(value)) value.forEach((v) => findObjects(v, pred, out));
  else if (value && typeof value === 'object') {
    if (pred(value)) out.push(value);
    Object.values(value).forEach((v) => findObjects(v, pred, out));
  }
  return out;
}

export const one = (x) => (Array.isArray(x) ? x[0] : x);

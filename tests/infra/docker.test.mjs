// Container image checks (INFRA.md §1.14): deploy/docker/Dockerfile read as text (no engine needed).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, evaluate, res } from './lib/hcl.mjs';
import { moduleScope } from './lib/scopes.mjs';

const DOCKERFILE = path.join(REPO, 'deploy', 'docker', 'Dockerfile');

function instructions(text) {
  const joined = text.replace(/\\\n/g, ' ');
  return joined.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => { const m = /^(\S+)\s+([\s\S]*)$/.exec(l); return { op: m[1].toUpperCase(), args: m[2] }; });
}

function stages(ins) {
  const args = {};
  const out = [];
  for (const i of ins) {
    if (i.op === 'ARG' && out.length === 0) {
      const [k, v] = i.args.split('=');
      args[k] = v;
    } else if (i.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(i.args);
      const image = m[1].replace(/\$\{(\w+)\}/g, (_, k) => args[k] ?? '');
      out.push({ image, name: m[2], ins: [] });
    } else if (out.length) out[out.length - 1].ins.push(i);
  }
  return out;
}

test('D1 Dockerfile: multi-stage Debian 12, runtime stage without build tools', () => {
  assert.ok(fs.existsSync(DOCKERFILE), 'deploy/docker/Dockerfile missing');
  const st = stages(instructions(fs.readFileSync(DOCKERFILE, 'utf8')));
  assert.ok(st.length >= 2, 'multi-stage build expected');
  for (const s of st) assert.match(s.image, /^debian:(12|bookworm)/, `stage ${s.name} must be Debian 12, got ${s.image}`);
  const build = st[0];
  const runtime = st[st.length - 1];
  assert.match(runtime.image, /^debian:(12|bookworm)-slim/, 'runtime stage must be debian:12-slim');
  const buildRun = build.ins.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
  assert.match(buildRun, /cmake -S \. -B build -DCMAKE_BUILD_TYPE=Release/, 'build stage must configure a Release build');
  assert.match(buildRun, /cmake --build build -j/, 'build stage must build');
  const runtimeRun = runtime.ins.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
  for (const bad of [/\S+-dev\b/, /build-essential/, /\bcmake\b/, /\bg\+\+/, /\bcurl\b(?!4)/]) {
    assert.ok(!bad.test(runtimeRun.replace(/libcurl4/g, '')), `runtime stage installs build tooling (${bad})`);
  }
  for (const lib of ['libpq5', 'libsqlite3-0', 'libhiredis0.14', 'libsodium23', 'libssl3', 'libcurl4', 'libboost-json1.81.0']) {
    assert.ok(runtimeRun.includes(lib), `runtime library ${lib} missing`);
  }
  assert.ok(runtime.ins.some((i) => i.op === 'COPY' && /--from=build/.test(i.args) && /\/app\/eduautismo\b/.test(i.args)), 'binary must be copied to /app/eduautismo');
});

test('D2 Dockerfile: non-root uid 1000, port 8000, health check, exec-form entrypoint, RDS CA bundle', async () => {
  const st = stages(instructions(fs.readFileSync(DOCKERFILE, 'utf8')));
  const rt = st[st.length - 1].ins;
  const user = rt.filter((i) => i.op === 'USER').pop();
  assert.ok(user && /^1000(:1000)?$/.test(user.args.trim()), 'runtime must run as uid 1000');
  assert.ok(rt.some((i) => i.op === 'EXPOSE' && /\b8000\b/.test(i.args)), 'EXPOSE 8000');
  const hc = rt.find((i) => i.op === 'HEALTHCHECK');
  assert.ok(hc, 'HEALTHCHECK missing');
  const cmd = /CMD\s+(\[.*\])\s*$/.exec(hc.args);
  assert.ok(cmd, 'HEALTHCHECK must use the exec form');
  const argv = JSON.parse(cmd[1]);
  assert.match(argv[0], /eduautismo$/);
  assert.equal(argv[1], 'healthcheck');
  const ep = rt.filter((i) => i.op === 'ENTRYPOINT').pop();
  assert.ok(ep, 'ENTRYPOINT missing');
  const epArgv = JSON.parse(ep.args);
  assert.ok(Array.isArray(epArgv), 'ENTRYPOINT must be exec form so SIGTERM reaches the process');
  assert.ok(epArgv.includes('/app/eduautismo'), 'ENTRYPOINT must run /app/eduautismo');
  const env = rt.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
  assert.match(env, /PORT=8000/);
  const compute = await moduleScope('production', 'compute');
  const certPath = evaluate(compute, compute.model.variable.db_ssl_root_cert[0].default);
  assert.ok(env.includes(`DB_SSLROOTCERT=${certPath}`), `image DB_SSLROOTCERT must be ${certPath}`);
  assert.ok(rt.some((i) => ['ADD', 'COPY'].includes(i.op) && i.args.includes(certPath)), 'RDS CA bundle must be in the image');
  assert.ok(res(compute.model, 'aws_ecs_task_definition', 'api'), 'task definition present');
});

test('D3 .dockerignore keeps VCS data, builds, node_modules and secrets out of the context', () => {
  const f = path.join(REPO, '.dockerignore');
  assert.ok(fs.existsSync(f), '.dockerignore missing');
  const lines = fs.readFileSync(f, 'utf8').split('\n').map((l) => l.trim());
  for (const p of ['.git', 'build/', '**/node_modules/', '.env', '**/*.tfstate']) assert.ok(lines.includes(p), `.dockerignore must list ${p}`);
  for (const needed of ['src', 'src/', 'CMakeLists.txt', 'migrations', 'migrations/', 'cmake', 'cmake/']) assert.ok(!lines.includes(needed), `.dockerignore must not exclude ${needed}`);
});

// Checks a record entry's inclusion proof in the browser, with Web Crypto only (docs/record.md §2, §4-§6,
// §8): the case page's "Record" section (truce/web/templates/truce/_record_entries.html) pins the log key
// and the witness keys of the agreement; this script fetches the entry's C2SP tlog-proof (its leaf input,
// the inclusion proof and the signed checkpoint, in one answer, so they belong together), then
//   1. hashes the leaf input as SHA-256(0x00 || bytes) and folds the proof up to a root (RFC 9162 §2.1.3.2);
//   2. compares that root with the checkpoint's;
//   3. checks the checkpoint's Ed25519 signature by the pinned log key (not by a key the answer names);
//   4. counts valid cosignatures by the pinned witness keys against the quorum.
// The functions are exported so that a test can run them on the published vectors (docs/record-vectors).

const enc = new TextEncoder();

// A failed check. `words` names a message the page may translate (see words() below), with `params`.
export class VerifyError extends Error {
  constructor(message, words = null, params = {}) {
    super(message);
    this.words = words;
    this.params = params;
  }
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function toBase64(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

// Standard base64 with padding, and only its canonical form (docs/record.md, conventions). `words` and
// `params` name the page's message for a failure (see words() below).
export function fromBase64(text, what, words = null, params = {}) {
  let raw;
  try {
    raw = atob(text);
  } catch {
    throw new VerifyError(what + " is not valid base64", words, params);
  }
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  if (toBase64(bytes) !== text) throw new VerifyError(what + " is not canonical base64", words, params);
  return bytes;
}

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

export function leafHash(leafInput) {
  return sha256(concat(Uint8Array.of(0), leafInput));
}

function nodeHash(left, right) {
  return sha256(concat(Uint8Array.of(1), left, right));
}

// RFC 9162 §2.1.3.2: the root an inclusion proof leads to (BigInt: indices may pass 2^32).
export async function rootFromInclusion(index, size, leaf, proof) {
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  if (fn > sn) {
    throw new VerifyError(`index ${index} is not below the checkpoint's size ${size}`, "indexBeyond", { index, size });
  }
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw new VerifyError("the proof is longer than the tree is deep", "proofTooLong");
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new VerifyError("the proof is shorter than the tree is deep", "proofTooShort");
  return r;
}

// A C2SP note verifier key: name+keyhash+base64(type || public key), its key hash checked (§4).
export async function parseVkey(vkey) {
  // name+hash+key: the name and hash contain no "+", the base64 key may.
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(vkey || "");
  const parts = m ? m.slice(1) : [];
  if (!m) {
    throw new VerifyError("the pinned key " + JSON.stringify(vkey) + " is not a verifier key", "notVkey", {
      key: JSON.stringify(vkey),
    });
  }
  const raw = fromBase64(parts[2], "the pinned key", "keyNotBase64");
  if (raw.length !== 33) throw new VerifyError("the pinned key is not an Ed25519 key", "notEd25519Key");
  const name = parts[0];
  const type = raw[0];
  const pub = raw.slice(1);
  const hash = await keyHash(name, type, pub);
  if (toHex(hash) !== parts[1]) throw new VerifyError("the pinned key's hash does not match its key", "keyHash");
  return { name, type, pub };
}

async function keyHash(name, type, pub) {
  return (await sha256(concat(enc.encode(name + "\n"), Uint8Array.of(type), pub))).slice(0, 4);
}

// A C2SP tlog-proof (§8): extra (the entry's leaf input), index, proof hashes, signed checkpoint.
export function parseTlogProof(text) {
  const cut = text.indexOf("\n\n");
  if (cut < 0) throw new VerifyError("the proof has no checkpoint", "noCheckpoint");
  const lines = text.slice(0, cut).split("\n");
  if (lines[0] !== "c2sp.org/tlog-proof@v1") throw new VerifyError("the answer is not a tlog-proof", "notTlogProof");
  let pos = 1;
  let extra = null;
  if (lines[pos] && lines[pos].startsWith("extra ")) extra = fromBase64(lines[pos++].slice(6), "the entry", "entryNotBase64");
  const m = /^index (0|[1-9][0-9]*)$/.exec(lines[pos++] || "");
  if (!m) throw new VerifyError("the proof names no index", "noIndex");
  const proof = lines.slice(pos).map((line, n) => {
    const h = fromBase64(line, `proof hash ${n}`, "hashNotBase64", { n });
    if (h.length !== 32) throw new VerifyError(`proof hash ${n} is not 32 bytes`, "hashLength", { n });
    return h;
  });
  return { index: m[1], extra, proof, note: text.slice(cut + 2) };
}

// A signed note (§4): its text (ending in LF) and its signature lines.
export function splitNote(note) {
  const cut = note.lastIndexOf("\n\n");
  if (cut < 0 || !note.endsWith("\n")) throw new VerifyError("the checkpoint is not a signed note", "notSignedNote");
  const text = note.slice(0, cut + 1);
  const sigs = note
    .slice(cut + 2, -1)
    .split("\n")
    .map((line) => {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m) throw new VerifyError("the checkpoint has a malformed signature line", "badSignatureLine");
      return { name: m[1], bytes: fromBase64(m[2], "a signature", "signatureNotBase64") };
    });
  if (sigs.length < 1 || sigs.length > 100) throw new VerifyError("the checkpoint has no signature", "noSignature");
  return { text, sigs };
}

// The checkpoint text (§5): origin, size, base64 root.
export function parseCheckpoint(text) {
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3 || !/^(0|[1-9][0-9]*)$/.test(lines[1])) {
    throw new VerifyError("malformed checkpoint", "badCheckpoint");
  }
  const root = fromBase64(lines[2], "the checkpoint's root", "rootNotBase64");
  if (root.length !== 32) throw new VerifyError("the checkpoint's root is not 32 bytes", "rootLength");
  return { origin: lines[0], size: lines[1], root };
}

async function ed25519(pub, signature, message) {
  const key = await crypto.subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
  return crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
}

// The first line by (name, key hash) is the one that counts (§4).
function firstLine(sigs, name, hash) {
  return sigs.find((s) => s.name === name && s.bytes.length >= 4 && equal(s.bytes.slice(0, 4), hash));
}

// Whether the note carries a valid signature by the log key; null when the browser cannot check Ed25519.
export async function logSigned(note, logKey) {
  const line = firstLine(note.sigs, logKey.name, await keyHash(logKey.name, 0x01, logKey.pub));
  if (!line) return false;
  if (line.bytes.length !== 68) return false;
  try {
    return await ed25519(logKey.pub, line.bytes.slice(4), enc.encode(note.text));
  } catch (err) {
    if (err && err.name === "NotSupportedError") return null;
    throw err;
  }
}

// The pinned witnesses whose cosignature/v1 line verifies (§6); a broken first line fails the note.
export async function cosigners(note, witnessKeys) {
  const good = [];
  for (const w of witnessKeys) {
    const line = firstLine(note.sigs, w.name, await keyHash(w.name, 0x04, w.pub));
    if (!line) continue;
    const b = line.bytes;
    const stamp = b.length === 76 ? new DataView(b.buffer, b.byteOffset + 4, 8).getBigUint64(0) : 0n;
    const message = enc.encode(`cosignature/v1\ntime ${stamp}\n${note.text}`);
    if (b.length !== 76 || stamp >= 1n << 63n || !(await ed25519(w.pub, b.slice(12), message))) {
      throw new VerifyError(`the cosignature of ${w.name} does not verify`, "badCosignature", { name: w.name });
    }
    good.push({ name: w.name, time: new Date(Number(stamp) * 1000) });
  }
  return good;
}

async function fetchText(url) {
  const r = await fetch(url, { credentials: "same-origin" });
  if (!r.ok) throw new VerifyError(`the server answered ${r.status} for ${url}`, "httpStatus", { status: r.status, url });
  return r.text();
}

// Checks entry `index` against the pinned keys; returns what was established, or throws VerifyError.
export async function verifyEntry(index, pins) {
  const logKey = await parseVkey(pins.logVkey);
  const witnessKeys = await Promise.all(pins.witnessVkeys.map(parseVkey));
  const tp = parseTlogProof(await fetchText(`/api/v1/record/tlog-proof?index=${index}`));
  if (tp.index !== String(index)) {
    throw new VerifyError(`the server sent the proof of entry ${tp.index}`, "otherEntry", { index: tp.index });
  }
  if (!tp.extra) throw new VerifyError("the proof carries no entry", "noEntry");
  const note = splitNote(tp.note);
  const checkpoint = parseCheckpoint(note.text);
  if (checkpoint.origin !== logKey.name) {
    throw new VerifyError(`the checkpoint is for ${checkpoint.origin}, not for the pinned log ${logKey.name}`, "otherLog", {
      origin: checkpoint.origin,
      name: logKey.name,
    });
  }
  const root = await rootFromInclusion(tp.index, checkpoint.size, await leafHash(tp.extra), tp.proof);
  if (!equal(root, checkpoint.root)) {
    throw new VerifyError(ENGLISH.inconsistent, "inconsistent");
  }
  const signed = await logSigned(note, logKey);
  if (signed === false) {
    throw new VerifyError(`the checkpoint is not signed by the pinned log key ${logKey.name}`, "unsigned", {
      name: logKey.name,
    });
  }
  const cosigned = signed === null ? null : await cosigners(note, witnessKeys);
  let entry;
  try {
    entry = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(tp.extra));
  } catch {
    throw new VerifyError("the proven leaf is not a record entry", "notRecordEntry");
  }
  if (String(entry.index) !== String(index)) {
    throw new VerifyError(`the proven entry says index ${entry.index}, not ${index}`, "otherIndex", {
      said: entry.index,
      index,
    });
  }
  return { checkpoint, entry, signed, cosigned };
}

async function serverTime(size) {
  // The log's signature carries no time: the server's word for when it signed, said as such.
  try {
    const info = JSON.parse(await fetchText("/api/v1/record/"));
    if (String(info.checkpoint_size) !== size || info.checkpoint_age_seconds == null) return null;
    return new Date(Date.now() - info.checkpoint_age_seconds * 1000);
  } catch {
    return null;
  }
}

// A time stated in UTC, in the page's calendar (Solar Hijri for readers who chose or expect it), its
// figures in Latin digits as the pages write them; ISO when the browser cannot.
function utc(date) {
  const calendar = pageWords().calendar;
  if (calendar && calendar !== "gregory") {
    try {
      const shown = new Intl.DateTimeFormat(document.documentElement.lang || "en", {
        calendar,
        numberingSystem: "latn",
        timeZone: "UTC",
        year: "numeric",
        month: "long",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(date);
      return shown + " UTC";
    } catch {
      // fall through to ISO
    }
  }
  return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

// The words of the result, translated on the page (the JSON of #record-words), with {placeholders}; the
// English below stands in for a message the page does not carry. A failure without words of its own is
// said by its English message.
const ENGLISH = {
  checking: "Checking…",
  included: "Included in the record at size {size}, checkpoint signed by {origin}.",
  includedOn:
    "Included in the record at size {size}, checkpoint signed by {origin} on {time} (the time as the server states it; the signature carries none).",
  noEd25519:
    "Your browser cannot check Ed25519 signatures: the checkpoint's signature and the witnesses' cosignatures were NOT checked, only that the entry is in the tree with that root.",
  cosigned: "Cosigned by {count} of the agreement's witnesses, quorum {quorum}: {names}.",
  nobody: "none",
  noQuorum: "The quorum is not met yet: only the log vouches for this checkpoint.",
  noWitnesses: "The agreement lists no witnesses: no cosignature was checked.",
  veiled: "This entry is veiled: it proves that a change happened at that time; what it was is a sealed commitment.",
  sealed:
    "Sealed fields ({fields}): the entry proves their commitments, not the hidden content; whoever holds an opening can check it against them.",
  serverKey:
    "The log key is the one this server publishes (the agreement lists none): compare it with one you got elsewhere.",
  notVerified: "Not verified: {why}.",
  inconsistent: "the proof does not lead to the signed root: the server's answer is not consistent",
  unsigned: "the checkpoint is not signed by the pinned log key {name}",
  broken: "the check could not run ({error})",
};

let given = null;

// The page's words: the JSON of #record-words (truce.web.record_entries.verify_words), read once.
function pageWords() {
  if (given === null) {
    try {
      const data = document.getElementById("record-words");
      given = data ? JSON.parse(data.textContent) : {};
    } catch {
      given = {};
    }
  }
  return given;
}

function words(name, params = {}) {
  const template = pageWords()[name] || ENGLISH[name];
  return template.replace(/\{(\w+)\}/g, (whole, p) => (p in params ? String(params[p]) : whole));
}

async function describe(result, row, pins) {
  const { checkpoint, entry, signed, cosigned } = result;
  const parts = [];
  if (entry.type !== row.dataset.type) {
    throw new VerifyError(`the proven entry is a ${entry.type}, the page says ${row.dataset.type}`, "otherType", {
      proven: entry.type,
      shown: row.dataset.type,
    });
  }
  const when = await serverTime(checkpoint.size);
  const at = { size: checkpoint.size, origin: checkpoint.origin };
  parts.push(when ? words("includedOn", { ...at, time: utc(when) }) : words("included", at));
  let ok = signed !== null;
  if (signed === null) {
    parts.push(words("noEd25519"));
  } else if (pins.quorum > 0) {
    const names = cosigned.map((c) => `${c.name} (${utc(c.time)})`).join(", ") || words("nobody");
    parts.push(words("cosigned", { count: cosigned.length, quorum: pins.quorum, names }));
    if (cosigned.length < pins.quorum) {
      ok = false;
      parts.push(words("noQuorum"));
    }
  } else {
    parts.push(words("noWitnesses"));
  }
  if (entry.type === "Veiled") {
    parts.push(words("veiled"));
  } else if (entry.sealed && Object.keys(entry.sealed).length) {
    parts.push(words("sealed", { fields: Object.keys(entry.sealed).sort().join(", ") }));
  }
  if (!pins.keyFromAgreement) parts.push(words("serverKey"));
  return { ok, text: parts.join(" ") };
}

function failure(err) {
  if (!(err instanceof VerifyError)) return words("broken", { error: String(err) });
  const known = err.words && (pageWords()[err.words] || ENGLISH[err.words]);
  return known ? words(err.words, err.params) : err.message;
}

function start() {
  const section = document.getElementById("record");
  if (!section) return;
  const pins = {
    logVkey: section.dataset.logVkey,
    witnessVkeys: (section.dataset.witnessVkeys || "").split(" ").filter(Boolean),
    quorum: Number(section.dataset.quorum || "0"),
    keyFromAgreement: section.dataset.keyFrom === "agreement",
  };
  for (const row of section.querySelectorAll("tr[data-index]")) {
    const button = row.querySelector("button.verify");
    const out = row.querySelector(".verify-result");
    if (!button || !out) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      button.disabled = true;
      out.className = "verify-result";
      out.textContent = words("checking");
      try {
        const said = await describe(await verifyEntry(row.dataset.index, pins), row, pins);
        out.classList.add(said.ok ? "verified" : "unverified");
        out.textContent = said.text;
      } catch (err) {
        out.classList.add("failed");
        out.textContent = words("notVerified", { why: failure(err) });
      } finally {
        button.disabled = false;
      }
    });
  }
}

start();

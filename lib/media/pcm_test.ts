import assert from "node:assert/strict";
import { pcm16ToFloat, pcmRate } from "./pcm.ts";

Deno.test("pcmRate reads raw PCM content types and rejects encoded ones", () => {
  assert.equal(pcmRate("audio/pcm;rate=24000"), 24_000);
  assert.equal(pcmRate("audio/pcm; rate=16000"), 16_000);
  assert.equal(pcmRate("audio/pcm"), 24_000);
  assert.equal(pcmRate("audio/mpeg"), null);
  assert.equal(pcmRate("audio/wav"), null);
});

Deno.test("pcm16ToFloat decodes little-endian samples and carries a split one over", () => {
  // 0x4000 = 16384 → 0.5, 0xc000 = -16384 → -0.5, 0x7fff → just under 1.
  const first = pcm16ToFloat(new Uint8Array([0x00, 0x40, 0x00]), null);
  assert.deepEqual([...first.data], [0.5]);
  assert.equal(first.carry, 0x00);
  const second = pcm16ToFloat(new Uint8Array([0xc0, 0xff, 0x7f]), first.carry);
  assert.deepEqual([...second.data], [-0.5, 32767 / 32768]);
  assert.equal(second.carry, null);
});

/**
 * A streamed body as text, chunk by chunk while it arrives. A reader that stops early cancels the body,
 * so the response does not go on streaming.
 */
export async function* textChunks(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<string, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      // A character may be split between chunks: the decoder keeps its first bytes for the next.
      const text = decoder.decode(value, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    if (!finished) {
      // The reader stopped early: close the response rather than leave it streaming. Cancelling an
      // aborted response rejects, and there is nothing left to close then.
      await reader.cancel().catch(() => undefined);
    }
  }
}

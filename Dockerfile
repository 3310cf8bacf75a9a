# Untested here: no Docker engine runs on the development machines. Kept deliberately simple.
FROM denoland/deno:2.9.6

WORKDIR /app
ENV DENO_DIR=/deno-dir APP_ENV=production DATA_DIR=/data PORT=8000

# Dependencies first, so code changes reuse this layer.
COPY deno.json deno.lock ./
RUN deno install --frozen

COPY . .
RUN deno task build && deno cache main.ts \
  && mkdir -p /data && chown -R deno:deno /data /app /deno-dir

USER deno
EXPOSE 8000
VOLUME ["/data"]
CMD ["run", "-A", "main.ts"]

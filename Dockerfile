# The talentgraph API in a container (used by docker-compose.yml with Neo4j). Everything runs
# offline: the embedding model is built on first start from the repository's own corpus.
FROM node:20-bookworm-slim
WORKDIR /app
# onnxruntime-node's postinstall would download CUDA files; the CPU binary it ships is all we use.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV TALENTGRAPH_HOST=0.0.0.0 PORT=4000 TALENTGRAPH_DATA_DIR=/data LOG_FORMAT=json
EXPOSE 4000
ENTRYPOINT ["node", "bin/talentgraph.js"]
CMD ["start"]

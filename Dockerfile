# syntax=docker/dockerfile:1
#
# Stages:
#   deps     every dependency, installed from package-lock.json
#   build    deps plus the sources, compiled to dist/
#   migrate  the build stage run as a non-root user; applies the migrations
#            with the TypeORM CLI (npm run migration:run), which needs
#            ts-node and the TypeScript sources. It must have DATABASE_URL.
#   runtime  production dependencies and dist/ only; the default target
#
#   docker build -t tandem .
#   docker build --target migrate -t tandem-migrate .

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
# package.json lists the dependencies allowed to run install scripts under
# "allowScripts", which npm 11 enforces. Node.js 20 ships npm 10, which
# ignores the list and runs every install script.
RUN npm install --global npm@11.19.1 && npm cache clean --force
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app

FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci

FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

FROM build AS migrate
USER node
CMD ["npm", "run", "migration:run"]

FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# /health/ready answers 200 only while the database answers, so a replica that
# has lost its database turns unhealthy.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]

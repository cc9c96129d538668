const express = require("express");
const winston = require("winston");
const client = require("prom-client");

const logger = winston.createLogger({ format: winston.format.printf(({ level, message }) => `${level}: ${message}`) });
const requests = new client.Counter({ name: "http_requests_total", help: "Requests", labelNames: ["method", "route"] });
const app = express();

app.post("/charge", (req, res) => {
  logger.info(`charge invoked with ${JSON.stringify(call.request)}`);
  logger.error("token exchange failed", err);
  logger.debug(`refreshing with ${token}`);
  logger.info(`request ${req.originalUrl}`);
  logger.info({ path: req.path }, "request");
  requests.labels(req.method, req.originalUrl).inc();
  requests.labels(req.method, req.route.path).inc();
  console.warn(err);
  // eslint-disable-next-line no-console
  console.log("charged");
  res.send("ok");
});
app.get("/metrics", async (req, res) => res.send(await client.register.metrics()));
app.get("/healthz", (req, res) => res.send("ok"));
app.listen(3000);

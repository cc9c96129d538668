const express = require("express");
const client = require("prom-client");
const app = express();

console.log("starting");
// console.log("commented");
const banner = `console.log(${x}) in a template`;
app.use(requireAuth);
app.get("/orders", (req, res) => {
  logger.info({ msg: "order", body: req.body });
  res.send("ok");
});
app.get("/metrics", async (req, res) => res.send(await client.register.metrics()));
app.get("/health/ready", (req, res) => res.send("ok"));

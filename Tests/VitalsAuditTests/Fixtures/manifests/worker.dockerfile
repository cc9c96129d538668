FROM swift:6.0-slim
# An image that says how to tell it is alive: no docker.no_healthcheck here.
HEALTHCHECK --interval=30s CMD curl -fsS http://127.0.0.1:8081/health/live || exit 1
CMD ["/app/worker"]

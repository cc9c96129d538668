import logging

from prometheus_client import Histogram

logger = logging.getLogger(__name__)
LATENCY = Histogram("request_seconds", "Latency", ["path"])


async def login(request, password, token):
    logger.info("login password=%s", password)
    logger.warning("Token refresh failed", exc_info=True)
    logger.info(f"login with {token}")
    for key, value in request.headers.items():
        logger.debug("%s=%s", key, value)
    logger.info("GET %s", request.url)
    logger.info("GET %s", request.url.path)
    LATENCY.labels(request.url.path).observe(0.1)
    print("debug")  # noqa: T201
    return {"path": "/health/ready"}

"""Dagster runs log in the product's one format (mi_core.logging_config): the `console`
logger of every job writes JSON lines with the run, step, tenant and upload ids."""

import logging

from dagster import Field, InitLoggerContext, logger

from mi_core.logging_config import json_handler


@logger(
    config_schema={"log_level": Field(str, is_required=False, default_value="INFO")},
    description="JSON lines on stderr (mi_core.logging_config), ids of the upload included.",
)
def json_console_logger(init_context: InitLoggerContext) -> logging.Logger:
    level = init_context.logger_config["log_level"]
    # Not registered with logging's manager: one per run, dropped with it.
    run_logger = logging.Logger("dagster.run", level=logging.getLevelName(level.upper()))
    run_logger.addHandler(json_handler("dagster-run"))
    return run_logger

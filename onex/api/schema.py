from drf_spectacular.openapi import AutoSchema


class ApiAutoSchema(AutoSchema):
    """Groups operations by resource (``/api/v1/<resource>/...``) instead of by version."""

    def get_tags(self) -> list[str]:
        parts = [part for part in self.path.split("/") if part]
        if len(parts) >= 3 and parts[:2] == ["api", "v1"]:
            return [parts[2]]
        return super().get_tags()

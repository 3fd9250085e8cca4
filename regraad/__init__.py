"""regraad: the regional councils' LIS-education data as schema-validated YAML in git."""

__version__ = "0.1.0"

"""regraad: the regional councils' LIS-education data as schema-validated YAML in git."""

# The one place the version is set: the build reads it ([tool.hatch.version]), and the
# release workflow refuses a tag that does not match it.
__version__ = "0.1.0"

"""What regraad writes for people and other tools: safe text and whole files."""

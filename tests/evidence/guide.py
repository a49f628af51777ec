"""The guide's inputs the evidence tests share."""

# Distinctive enough that finding it anywhere in output can only mean it leaked.
PASSWORD = "Evid3nce-Qx7-Kp9-Zw4"

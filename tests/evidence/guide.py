"""The guide's inputs the evidence tests share."""

# Distinctive enough that finding it anywhere in output can only mean it leaked.
PASSWORD = "Evid3nce-Qx7-Kp9-Zw4"

# What a rerun of the guide that changes nothing reads (issue 16): one describe per resource, the instances in one
# call, the alarms in one, and no tag read (the guide manages no tags).
RERUN_READS = {
    "DescribeDBSubnetGroups": 1,
    "DescribeDBClusterParameterGroups": 1,
    "DescribeDBClusterParameters": 1,
    "DescribeDBParameterGroups": 1,
    "DescribeDBParameters": 1,
    "DescribeDBClusters": 1,
    "DescribeDBInstances": 1,
    "DescribeAlarms": 1,
}

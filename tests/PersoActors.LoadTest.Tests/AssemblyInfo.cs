// Rate-control tests measure time: keep the CPU-heavy tests of this assembly from running beside them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

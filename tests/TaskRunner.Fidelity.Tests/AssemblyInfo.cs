// acb processes run two at a time (the machine has 2 cores shared with other work).
[assembly: NUnit.Framework.LevelOfParallelism(2)]

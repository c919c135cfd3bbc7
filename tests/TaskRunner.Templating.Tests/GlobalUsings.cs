global using NUnit.Framework;
global using TaskRunner.TestSupport;

global using SessionDsl.Tests.Shared;
